import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";

let app: AppHandle;
const client = () => new ApiClient(app.baseUrl);

beforeAll(async () => {
  app = await startApp({ name: "stream", env: { SSE_HEARTBEAT_MS: "1000" } });
});
afterAll(async () => app?.stop());

async function pair(prefix: string) {
  const a = client();
  const b = client();
  await a.signUp(`${prefix}-a`);
  const ub = await b.signUp(`${prefix}-b`);
  const conv = (await a.post("/api/conversations", { type: "direct", userId: ub.id })).body.conversation;
  return { a, b, conv };
}

const texts = (events: { event: string; data: any }[]) =>
  events.filter((e) => e.event === "message.created").map((e) => e.data.message.text);

describe("live stream", () => {
  it("rejects a stream without a session", async () => {
    const res = await fetch(`${app.baseUrl}/api/stream`);
    expect(res.status).toBe(401);
  });

  it("delivers A's message to B live", async () => {
    const { a, b, conv } = await pair("live");
    const sb = await b.openStream();
    await sb.waitForReady();
    await a.post(`/api/conversations/${conv.id}/messages`, { text: "hi bob" });
    await sb.waitFor((es) => texts(es).includes("hi bob"));
    const ev = sb.events.find((e) => e.event === "message.created")!;
    expect(ev.id).toMatch(/^v1:/);
    expect(ev.data).toMatchObject({ type: "message.created", conversationId: conv.id, message: { text: "hi bob" } });
    sb.close();
  });

  it("resumes with Last-Event-ID: exactly the missed messages, then live ones", async () => {
    const { a, b, conv } = await pair("resume");
    const s1 = await b.openStream();
    await s1.waitForReady();
    await a.post(`/api/conversations/${conv.id}/messages`, { text: "before" });
    await s1.waitFor((es) => texts(es).includes("before"));
    const lastId = s1.lastEventId!;
    s1.close();

    for (const t of ["missed 1", "missed 2", "missed 3"]) {
      expect((await a.post(`/api/conversations/${conv.id}/messages`, { text: t })).status).toBe(201);
    }
    const s2 = await b.openStream({ lastEventId: lastId });
    await s2.waitForReady();
    expect(texts(s2.events)).toEqual(["missed 1", "missed 2", "missed 3"]);
    expect(s2.events.findIndex((e) => e.event === "ready")).toBe(3); // replay first, then ready
    await a.post(`/api/conversations/${conv.id}/messages`, { text: "live again" });
    await s2.waitFor((es) => texts(es).includes("live again"));
    expect(texts(s2.events)).toEqual(["missed 1", "missed 2", "missed 3", "live again"]);
    s2.close();
  });

  it("replays edits and deletions as their current state, never erased text", async () => {
    const { a, b, conv } = await pair("tomb");
    const s1 = await b.openStream();
    await s1.waitForReady();
    const id = s1.lastEventId!;
    s1.close();
    const m = (await a.post(`/api/conversations/${conv.id}/messages`, { text: "secret" })).body.message;
    await a.patch(`/api/messages/${m.id}`, { text: "secret v2" });
    await a.del(`/api/messages/${m.id}`);
    const s2 = await b.openStream({ lastEventId: id });
    await s2.waitForReady();
    expect(s2.events.map((e) => e.event)).toEqual(["message.created", "message.updated", "message.deleted", "ready"]);
    expect(JSON.stringify(s2.events)).not.toContain("secret");
    s2.close();
  });

  it("follows conversations created while connected, and ones joined while away", async () => {
    const a = client();
    const b = client();
    await a.signUp("join-a");
    const ub = await b.signUp("join-b");
    const sb = await b.openStream();
    await sb.waitForReady();
    const g = (await a.post("/api/conversations", { type: "group", name: "G", memberIds: [ub.id] })).body.conversation;
    await sb.waitFor((es) => es.some((e) => e.event === "conversation.created" && e.data.conversationId === g.id));
    await a.post(`/api/conversations/${g.id}/messages`, { text: "welcome" });
    await sb.waitFor((es) => texts(es).includes("welcome"));
    const id = sb.lastEventId!;
    sb.close();

    const g2 = (await a.post("/api/conversations", { type: "group", name: "G2", memberIds: [] })).body.conversation;
    await a.post(`/api/conversations/${g2.id}/messages`, { text: "before b joined" });
    await a.post(`/api/conversations/${g2.id}/members`, { userId: ub.id });
    await a.post(`/api/conversations/${g2.id}/messages`, { text: "after b joined" });
    const s2 = await b.openStream({ lastEventId: id });
    await s2.waitForReady();
    expect(s2.events.map((e) => e.event)).toEqual(["member.added", "message.created", "ready"]);
    expect(texts(s2.events)).toEqual(["after b joined"]);
    s2.close();
  });

  it("stops a removed member's stream at once and does not resume into the group", async () => {
    const [a, b, c] = [client(), client(), client()];
    await a.signUp("rm-a");
    const ub = await b.signUp("rm-b");
    const uc = await c.signUp("rm-c");
    const g = (await a.post("/api/conversations", { type: "group", name: "R", memberIds: [ub.id, uc.id] })).body.conversation;
    const sc = await c.openStream();
    const sb = await b.openStream();
    await Promise.all([sc.waitForReady(), sb.waitForReady()]);
    await a.del(`/api/conversations/${g.id}/members/${uc.id}`);
    await sc.waitFor((es) => es.some((e) => e.event === "member.removed" && e.data.userId === uc.id));
    const cursorAfterRemoval = sc.lastEventId!;
    expect(cursorAfterRemoval).not.toContain(g.id);
    await a.post(`/api/conversations/${g.id}/messages`, { text: "carol must not see" });
    await sb.waitFor((es) => texts(es).includes("carol must not see"));
    expect(texts(sc.events)).not.toContain("carol must not see");
    // Resuming with an old cursor that still names the group: no replay of it, a removal notice.
    const oldCursor = `v1:${g.id}.1`;
    const s2 = await c.openStream({ lastEventId: oldCursor });
    await s2.waitForReady();
    expect(texts(s2.events)).toEqual([]);
    expect(s2.events[0]).toMatchObject({ event: "member.removed", data: { conversationId: g.id, userId: uc.id } });
    [sb, sc, s2].forEach((s) => s.close());
  });

  it("rejects a forged cursor with 400", async () => {
    const c = client();
    await c.signUp("forger");
    const s = await c.openStream({ lastEventId: "garbage" });
    expect(s.status).toBe(400);
  });

  it("sends heartbeats and unsubscribes a closed client at once", async () => {
    const c = client();
    await c.signUp("beats");
    const res = await fetch(`${app.baseUrl}/api/stream`, { headers: { cookie: c.cookieHeader() } });
    const reader = res.body!.getReader();
    let text = "";
    const deadline = Date.now() + 5000;
    while (!text.includes(": ping") && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(": ping");
    const before = (await c.get("/api/health")).body.connections;
    await reader.cancel();
    let after = before;
    for (let i = 0; i < 50 && after >= before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = (await c.get("/api/health")).body.connections;
    }
    expect(after).toBe(before - 1);
  });
});
