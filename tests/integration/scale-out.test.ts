import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type SseClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { KAFKA_BROKERS, MONGO_BASE, requireServices, startKafka, stopKafka } from "../helpers/services";

/**
 * Two `next start` instances sharing a MongoDB-wire server (FerretDB) and a Kafka broker:
 * what one instance accepts, clients of the other see live, in store order, through crashes
 * and broker outages.
 */
const run = randomBytes(4).toString("hex");
const env = {
  DATABASE_URL: `${MONGO_BASE}/chat_scale_${run}`,
  KAFKA_BROKERS,
  KAFKA_TOPIC: `chat-events-${run}`,
  KAFKA_CLIENT_ID: "chat-test",
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
};

let app1: AppHandle;
let app2: AppHandle;

beforeAll(async () => {
  await requireServices();
  app1 = await startApp({ name: "app1", env: { ...env, INSTANCE_ID: `app1-${run}` } });
  app2 = await startApp({ name: "app2", env: { ...env, INSTANCE_ID: `app2-${run}` } });
});
afterAll(async () => {
  await Promise.all([app1?.stop(), app2?.stop()]);
});

const created = (s: SseClient, conversationId: string) =>
  s.events.filter((e) => e.event === "message.created" && e.data.conversationId === conversationId).map((e) => e.data.message);

async function people(n: number, prefix: string) {
  const out: ApiClient[] = [];
  for (let i = 0; i < n; i++) {
    const c = new ApiClient(app1.baseUrl);
    await c.signUp(`${prefix}${i}-${run}`);
    out.push(c);
  }
  return out;
}

/** Runs tasks with bounded concurrency, returning their results in order. */
async function pool<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

async function allHistory(c: ApiClient, conversationId: string) {
  const all = [];
  let before: number | null | undefined;
  do {
    const q = before ? `?limit=100&before=${before}` : "?limit=100";
    const page = (await c.get(`/api/conversations/${conversationId}/messages${q}`)).body;
    all.push(...page.messages.filter((m: { kind?: string }) => m.kind !== "system"));
    before = page.nextCursor;
  } while (before);
  return all.reverse();
}

describe("scale-out: two instances over FerretDB + Kafka", () => {
  it("both instances report MongoDB and Kafka as reachable", async () => {
    for (const app of [app1, app2]) {
      const h = await (await fetch(`${app.baseUrl}/api/health`)).json();
      expect(h).toMatchObject({ status: "ok", store: { kind: "mongo", reachable: true }, bus: { kind: "kafka", reachable: true } });
    }
  });

  it("a person on instance 2 sees, live, a message sent through instance 1, its edit and its delete", async () => {
    const [a, b] = await people(2, "live");
    const conv = (await a.post("/api/conversations", { type: "direct", userId: b.user!.id })).body.conversation;
    const sb = await b.on(app2.baseUrl).openStream();
    await sb.waitForReady();
    const m = (await a.post(`/api/conversations/${conv.id}/messages`, { text: "across instances" })).body.message;
    await sb.waitFor((es) => es.some((e) => e.event === "message.created" && e.data.message.id === m.id), 15_000, "created");
    await a.patch(`/api/messages/${m.id}`, { text: "across instances (edited)" });
    await sb.waitFor((es) => es.some((e) => e.event === "message.updated" && e.data.message.editedAt), 15_000, "updated");
    await a.del(`/api/messages/${m.id}`);
    await sb.waitFor((es) => es.some((e) => e.event === "message.deleted" && e.data.message.text === null), 15_000, "deleted");
    sb.close();
  });

  it("200 messages sent concurrently by two people through both instances arrive everywhere in store order", async () => {
    const [a, b, c] = await people(3, "order");
    const g = (await a.post("/api/conversations", { type: "group", name: "order", memberIds: [b.user!.id, c.user!.id] })).body
      .conversation;
    const streams = await Promise.all([a.openStream(), b.on(app2.baseUrl).openStream(), c.on(app2.baseUrl).openStream()]);
    await Promise.all(streams.map((s) => s.waitForReady()));

    const sends = Array.from({ length: 200 }, (_, i) => {
      const sender = (i % 2 === 0 ? a : b).on(i % 4 < 2 ? app1.baseUrl : app2.baseUrl);
      return () => sender.post(`/api/conversations/${g.id}/messages`, { text: `m${i}` });
    });
    const results = await pool(16, sends);
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);

    const history = await allHistory(a, g.id);
    expect(history).toHaveLength(200);
    const storeOrder = history.map((m: { id: string }) => m.id);
    for (const s of streams) {
      await s.waitFor(() => created(s, g.id).length >= 200, 60_000, "200 messages");
      expect(created(s, g.id).map((m) => m.id)).toEqual(storeOrder);
    }
    streams.forEach((s) => s.close());
  });

  it("killing instance 1 during a burst loses no accepted message", async () => {
    const [a, b] = await people(2, "kill");
    const conv = (await a.post("/api/conversations", { type: "direct", userId: b.user!.id })).body.conversation;
    const sb = await b.on(app2.baseUrl).openStream();
    await sb.waitForReady();

    const accepted: string[] = [];
    let killed = false;
    const burst = pool(
      4,
      Array.from({ length: 80 }, (_, i) => async () => {
        const res = await a.post(`/api/conversations/${conv.id}/messages`, { text: `burst ${i}` }).catch(() => null);
        if (res?.status === 201) accepted.push(res.body.message.id);
        if (accepted.length >= 25 && !killed) {
          killed = true;
          await app1.kill();
        }
      }),
    );
    await burst;
    expect(killed).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(25);

    // Everything acknowledged is in the store (read through the surviving instance)…
    const stored = new Set((await allHistory(b.on(app2.baseUrl), conv.id)).map((m: { id: string }) => m.id));
    expect(accepted.filter((id) => !stored.has(id))).toEqual([]);
    // …and reaches the client of the other instance.
    await sb.waitFor(() => accepted.every((id) => created(sb, conv.id).some((m) => m.id === id)), 30_000, "accepted messages");
    sb.close();
    await app1.restart();
  });

  it("stopping and restarting the Kafka broker during a burst: sends succeed, delivery resumes, resume fills the gap", async () => {
    const [a, b] = await people(2, "kafka");
    const conv = (await a.post("/api/conversations", { type: "direct", userId: b.user!.id })).body.conversation;
    const sb = await b.on(app2.baseUrl).openStream();
    await sb.waitForReady();
    await a.post(`/api/conversations/${conv.id}/messages`, { text: "before outage" });
    await sb.waitFor(() => created(sb, conv.id).length === 1, 15_000, "first message");
    const cursorBeforeOutage = sb.lastEventId!;

    const sent: string[] = [];
    const send = async (text: string) => {
      const res = await a.post(`/api/conversations/${conv.id}/messages`, { text });
      expect(res.status).toBe(201);
      sent.push(res.body.message.id);
    };
    for (let i = 0; i < 5; i++) await send(`pre ${i}`);
    await stopKafka();
    const outageStart = Date.now();
    for (let i = 0; i < 10; i++) await send(`during ${i}`);
    const perSendMs = (Date.now() - outageStart) / 10;
    console.log(`[scale-out] sends during the Kafka outage took ${perSendMs.toFixed(0)} ms each`);
    await startKafka();
    for (let i = 0; i < 5; i++) await send(`after ${i}`);

    await sb.waitFor(() => sent.every((id) => created(sb, conv.id).some((m) => m.id === id)), 90_000, "all messages live");
    const live = created(sb, conv.id).map((m) => m.seq);
    expect(live).toEqual([...live].sort((x, y) => x - y));
    expect(new Set(live).size).toBe(live.length);
    sb.close();

    // A client that was away for the whole outage resumes with exactly what it missed.
    const resumed = await b.on(app1.baseUrl).openStream({ lastEventId: cursorBeforeOutage });
    await resumed.waitForReady(30_000);
    expect(created(resumed, conv.id).map((m) => m.id)).toEqual(sent);
    resumed.close();
  });
});
