import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { ResumingListener, sendUntilAcknowledged } from "../helpers/listener";
import { startOwnFerretDb, type OwnFerretDb } from "../helpers/own-ferretdb";
import { KAFKA_BROKERS, requireServices } from "../helpers/services";

/**
 * Two instances over FerretDB + Kafka; FerretDB (our own instance, never the shared one) is
 * killed with kill -9 in the middle of a burst of sends and started again. Sends answer 503
 * unavailable:store (never 500), health says "down" at once, and once the database is back every
 * acknowledged message is stored exactly once and has reached every listener.
 */
const run = randomBytes(4).toString("hex");
let db: OwnFerretDb;
let app1: AppHandle, app2: AppHandle;

beforeAll(async () => {
  await requireServices();
  db = await startOwnFerretDb();
  const env = {
    DATABASE_URL: `${db.url}/chat_outage_${run}`,
    KAFKA_BROKERS,
    KAFKA_TOPIC: `chat-outage-${run}`,
    KAFKA_CLIENT_ID: "chat-outage",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  app1 = await startApp({ name: "outage1", env: { ...env, INSTANCE_ID: `o1-${run}` } });
  app2 = await startApp({ name: "outage2", env: { ...env, INSTANCE_ID: `o2-${run}` } });
});
afterAll(async () => {
  await Promise.all([app1?.stop(), app2?.stop()]);
  await db?.stop();
});

describe("FerretDB killed with kill -9 mid-burst, then restarted", () => {
  it("503s while it is down, then recovery: every acknowledged message stored once and delivered to every listener", async () => {
    const alice = new ApiClient(app1.baseUrl);
    const bob = new ApiClient(app1.baseUrl);
    await alice.signUp(`out-alice-${run}`);
    await bob.signUp(`out-bob-${run}`);
    const g = (await alice.post("/api/conversations", { type: "group", name: "Outage", memberIds: [bob.user!.id] })).body.conversation;
    const listeners = [new ResumingListener(alice), new ResumingListener(bob.on(app2.baseUrl))];
    await Promise.all(listeners.map((l) => l.ready));

    const statuses = new Map<string, number>();
    const count = (status: number, code?: string) => {
      const key = code ? `${status} ${code}` : String(status);
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    };
    const N = 60;
    let acked = 0;
    let healthDuringOutage: { status: number; body: any } | undefined;
    const outage = (async () => {
      while (acked < 15) await new Promise((r) => setTimeout(r, 20));
      await db.kill();
      // Health answers at once throughout, and turns "down" within one probe round (2 s + 1 s).
      const killedAt = Date.now();
      while (Date.now() - killedAt < 4_000 && healthDuringOutage?.body.status !== "down") {
        const h = await fetch(`${app1.baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
        healthDuringOutage = { status: h.status, body: await h.json() };
        await new Promise((r) => setTimeout(r, 250));
      }
      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + 5_000 - Date.now())));
      await db.start();
    })();
    // Four senders, alternating instances, each following the retry contract.
    const messages = await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        const out = [];
        for (let i = w; i < N; i += 4) {
          const via = i % 2 ? alice.on(app2.baseUrl) : alice;
          out.push(await sendUntilAcknowledged(via, g.id, `burst ${i}`, `burst-${run}-${i}`, count));
          acked++;
        }
        return out;
      }),
    ).then((r) => r.flat());
    await outage;

    expect(statuses.get("503 unavailable:store") ?? 0).toBeGreaterThan(0); // the outage was hit
    expect([...statuses.keys()].filter((k) => !["201", "200", "503 unavailable:store"].includes(k))).toEqual([]); // never a 500
    expect(healthDuringOutage).toMatchObject({ status: 503, body: { status: "down", store: { reachable: false } } });

    const history = [];
    for (let before: number | null = null; ; ) {
      const page: { messages: { id: string; clientId: string }[]; nextCursor: number | null } = (
        await alice.get(`/api/conversations/${g.id}/messages?limit=100${before ? `&before=${before}` : ""}`)
      ).body;
      history.push(...page.messages.filter((m) => (m as { kind?: string }).kind !== "system")); // timeline entries aside
      if (!(before = page.nextCursor)) break;
    }
    expect(history).toHaveLength(N); // each message once, retries included
    expect(new Set(history.map((m) => m.clientId)).size).toBe(N);
    for (const m of messages) expect(history.map((h) => h.id)).toContain(m.id);

    for (const l of listeners) await l.waitForAll(messages.map((m) => m.id));
    await Promise.all(listeners.map((l) => l.stop()));
    for (const l of listeners) expect(l.duplicates).toBe(0);
    for (const app of [app1, app2]) {
      expect(app.output()).not.toMatch(/unexpected error/);
      expect((await (await fetch(`${app.baseUrl}/api/health`)).json()).store.reachable).toBe(true);
    }
    expect(app1.output() + app2.output()).toMatch(/\[store\] unavailable \(unreachable\)/);
  });
});
