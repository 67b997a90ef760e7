import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type SseClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { KAFKA_BROKERS, MONGO_BASE, requireServices } from "../helpers/services";

/**
 * Presence and typing across two `next start` instances sharing FerretDB and the Kafka broker:
 * a person connected to one instance is seen online, typing, and (after that instance is killed)
 * offline by a person connected to the other; a stranger learns nothing. Uses its own topic and
 * database; does not touch the broker itself.
 */
const run = randomBytes(4).toString("hex");
const env = {
  DATABASE_URL: `${MONGO_BASE}/chat_presence_${run}`,
  KAFKA_BROKERS,
  KAFKA_TOPIC: `chat-events-presence-${run}`,
  KAFKA_CLIENT_ID: "chat-test",
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
};

let app1: AppHandle;
let app2: AppHandle;
const streams: SseClient[] = [];

beforeAll(async () => {
  await requireServices();
  app1 = await startApp({ name: "presence1", env: { ...env, INSTANCE_ID: `p1-${run}` } });
  app2 = await startApp({ name: "presence2", env: { ...env, INSTANCE_ID: `p2-${run}` } });
}, 120_000);
afterAll(async () => {
  streams.forEach((s) => s.close());
  await Promise.all([app1?.stop(), app2?.stop()]);
});

async function stream(c: ApiClient) {
  const s = await c.openStream();
  streams.push(s);
  await s.waitForReady(30_000);
  return s;
}

describe("presence and typing across instances (Kafka)", () => {
  it("reach the members on the other instance, never a stranger; a killed instance's people go offline", async () => {
    const alice = new ApiClient(app1.baseUrl);
    const bob1 = new ApiClient(app1.baseUrl);
    const stranger1 = new ApiClient(app1.baseUrl);
    const ids = {
      alice: (await alice.signUp(`alice-${run}`)).id,
      bob: (await bob1.signUp(`bob-${run}`)).id,
      stranger: (await stranger1.signUp(`stranger-${run}`)).id,
    };
    const group = (await alice.post("/api/conversations", { type: "group", name: "Two sites", memberIds: [ids.bob] })).body.conversation;
    const bob = bob1.on(app2.baseUrl);
    const stranger = stranger1.on(app2.baseUrl);

    const sb = await stream(bob); // on app2
    const ss = await stream(stranger); // on app2
    await stream(alice); // on app1
    await sb.waitForSignal(() => sb.presenceOf(ids.alice) === "online", 30_000, "alice (app1) online on app2");
    expect((await bob.get("/api/presence")).body.presence[ids.alice]).toBe("online");
    expect((await stranger.get("/api/presence")).body.presence[ids.alice]).toBeUndefined();

    // Typing through app1 reaches bob on app2; alice's message through app2 clears it.
    const typers = () => sb.signals.filter((e) => e.event === "typing" && e.data.conversationId === group.id).map((e) => e.data.userIds);
    expect((await alice.post(`/api/conversations/${group.id}/typing`, { typing: true })).status).toBe(204);
    await sb.waitForSignal(() => typers().some((u) => u.includes(ids.alice)), 30_000, "alice typing, across instances");
    expect((await alice.on(app2.baseUrl).post(`/api/conversations/${group.id}/messages`, { text: "from app2" })).status).toBe(201);
    await sb.waitForSignal(() => JSON.stringify(typers().at(-1)) === "[]", 30_000, "typing cleared by the message");
    await sb.waitFor((es) => es.some((e) => e.event === "message.created" && e.data.message.text === "from app2"), 30_000);

    // app1 dies without a word: its lease (30 s) runs out on app2.
    await app1.kill();
    const killedAt = Date.now();
    await sb.waitForSignal(() => sb.presenceOf(ids.alice) === "offline", 60_000, "alice offline after app1 was killed");
    const took = Date.now() - killedAt;
    console.info(`[presence] offline seen ${took} ms after the instance was killed`);
    expect(took).toBeLessThan(50_000);
    expect(JSON.stringify(ss.signals)).not.toContain(ids.alice);
    expect((await bob.get("/api/presence")).body.presence[ids.alice]).toBeUndefined();
  }, 180_000);
});
