import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";

let app: AppHandle;
const client = () => new ApiClient(app.baseUrl);

beforeAll(async () => {
  app = await startApp({ name: "api-flow" });
});
afterAll(async () => app?.stop());

describe("accounts", () => {
  it("registers, rejects a taken name case-insensitively, and signs in", async () => {
    const a = client();
    const res = await a.post("/api/register", { username: "Alice", password: "password123", displayName: "Alice A." });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username: "alice", displayName: "Alice A." });
    expect(res.body.user.passwordHash).toBeUndefined();
    const dup = await client().post("/api/register", { username: "ALICE", password: "password123" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("conflict:username");
    await a.login("alice", "password123");
    expect(a.user).toMatchObject({ username: "alice", displayName: "Alice A." });
    expect((await a.get("/api/conversations")).status).toBe(200);
  });

  it("defaults the display name to the username", async () => {
    const res = await client().post("/api/register", { username: "plain", password: "password123" });
    expect(res.body.user.displayName).toBe("plain");
  });

  it("gives the same answer for a wrong password and an unknown user", async () => {
    await client().register("carla", "password123");
    const wrong = client();
    await wrong.login("carla", "not-the-password");
    const unknown = client();
    await unknown.login("nobody-here", "whatever123");
    expect(wrong.user).toBeUndefined();
    expect(unknown.user).toBeUndefined();
    expect((await wrong.get("/api/conversations")).status).toBe(401);
    expect((await unknown.get("/api/conversations")).status).toBe(401);
  });

  it("signs out", async () => {
    const c = client();
    await c.signUp("leaver");
    const csrf = await c.get("/api/auth/csrf");
    await c.request("POST", "/api/auth/signout", new URLSearchParams({ csrfToken: csrf.body.csrfToken, json: "true" }).toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect((await c.get("/api/conversations")).status).toBe(401);
  });

  it("searches people by prefix, without yourself", async () => {
    const s = client();
    const me = await s.signUp("searcher");
    await client().register("sam.one", "password123", "Samantha");
    await client().register("sam-two", "password123");
    const res = await s.get("/api/users?q=SAM");
    expect(res.status).toBe(200);
    const names = res.body.users.map((u: { username: string }) => u.username);
    expect(names).toEqual(["sam-two", "sam.one"]);
    expect(res.body.users.some((u: { id: string }) => u.id === me.id)).toBe(false);
    const byDisplay = await s.get("/api/users?q=samant");
    expect(byDisplay.body.users.map((u: { username: string }) => u.username)).toEqual(["sam.one"]);
  });
});

describe("conversations and messages", () => {
  it("keeps one direct conversation per pair", async () => {
    const a = client();
    const b = client();
    const ua = await a.signUp("dm-a");
    const ub = await b.signUp("dm-b");
    const first = await a.post("/api/conversations", { type: "direct", userId: ub.id });
    expect(first.status).toBe(201);
    const again = await b.post("/api/conversations", { type: "direct", userId: ua.id });
    expect(again.status).toBe(200);
    expect(again.body.conversation.id).toBe(first.body.conversation.id);
    expect((await a.post("/api/conversations", { type: "direct", userId: ua.id })).status).toBe(400);
  });

  it("sends, edits, deletes, pages history and counts unread", async () => {
    const a = client();
    const b = client();
    await a.signUp("flow-a");
    const ub = await b.signUp("flow-b");
    const conv = (await a.post("/api/conversations", { type: "direct", userId: ub.id })).body.conversation;
    const sent = [];
    for (let i = 1; i <= 7; i++) {
      const res = await a.post(`/api/conversations/${conv.id}/messages`, { text: `  hello ${i}  ` });
      expect(res.status).toBe(201);
      sent.push(res.body.message);
    }
    expect(sent[0].text).toBe("hello 1");
    const list = (await b.get("/api/conversations")).body.conversations;
    expect(list[0]).toMatchObject({ id: conv.id, unreadCount: 7, lastMessage: { text: "hello 7" } });

    // Paging newest first while new messages arrive: no duplicates, no holes.
    const page1 = (await b.get(`/api/conversations/${conv.id}/messages?limit=3`)).body;
    expect(page1.messages.map((m: { text: string }) => m.text)).toEqual(["hello 7", "hello 6", "hello 5"]);
    await a.post(`/api/conversations/${conv.id}/messages`, { text: "late arrival" });
    const page2 = (await b.get(`/api/conversations/${conv.id}/messages?limit=3&before=${page1.nextCursor}`)).body;
    const page3 = (await b.get(`/api/conversations/${conv.id}/messages?limit=3&before=${page2.nextCursor}`)).body;
    const seen = [...page1.messages, ...page2.messages, ...page3.messages].map((m: { text?: string; action?: string }) => m.text ?? m.action);
    expect(seen).toEqual(["hello 7", "hello 6", "hello 5", "hello 4", "hello 3", "hello 2", "hello 1", "created"]);
    expect(page3.nextCursor).toBeNull();

    const edited = await a.patch(`/api/messages/${sent[1].id}`, { text: "hello two" });
    expect(edited.status).toBe(200);
    expect(edited.body.message).toMatchObject({ text: "hello two", editedAt: expect.any(String) });
    const deleted = await a.del(`/api/messages/${sent[2].id}`);
    expect(deleted.body.message).toMatchObject({ text: null, deletedAt: expect.any(String) });
    expect((await a.patch(`/api/messages/${sent[2].id}`, { text: "resurrect" })).status).toBe(409);

    const read = await b.post(`/api/conversations/${conv.id}/read`, { messageId: sent[4].id });
    expect(read.body.lastReadSeq).toBe(sent[4].seq);
    // 8 sent, one deleted, five read up to and including "hello 5" (one of them deleted): 3 unread.
    const after = (await b.get("/api/conversations")).body.conversations[0];
    expect(after.unreadCount).toBe(3);
    // Reading an older message never lowers the marker.
    expect((await b.post(`/api/conversations/${conv.id}/read`, { messageId: sent[0].id })).body.lastReadSeq).toBe(sent[4].seq);
  });

  it("makes a retried send with the same clientId idempotent", async () => {
    const a = client();
    const b = client();
    await a.signUp("idem-a");
    const ub = await b.signUp("idem-b");
    const conv = (await a.post("/api/conversations", { type: "direct", userId: ub.id })).body.conversation;
    const one = await a.post(`/api/conversations/${conv.id}/messages`, { text: "once", clientId: "c-1" });
    const two = await a.post(`/api/conversations/${conv.id}/messages`, { text: "once", clientId: "c-1" });
    expect(one.status).toBe(201);
    expect(two.status).toBe(200);
    expect(two.body.message.id).toBe(one.body.message.id);
    const items = (await a.get(`/api/conversations/${conv.id}/messages`)).body.messages;
    expect(items.filter((m: { kind?: string }) => m.kind !== "system")).toHaveLength(1);
  });

  it("runs a group: admin renames, adds, removes; members leave; last admin hands over", async () => {
    const [a, b, c, d] = [client(), client(), client(), client()];
    await a.signUp("grp-a");
    const ub = await b.signUp("grp-b");
    const uc = await c.signUp("grp-c");
    const ud = await d.signUp("grp-d");
    const created = await a.post("/api/conversations", { type: "group", name: " Team ", memberIds: [ub.id, uc.id, ub.id] });
    expect(created.status).toBe(201);
    const g = created.body.conversation;
    expect(g.name).toBe("Team");
    expect(g.members.map((m: { username: string; role: string }) => [m.username, m.role])).toEqual([
      ["grp-a", "admin"],
      ["grp-b", "member"],
      ["grp-c", "member"],
    ]);
    expect((await a.patch(`/api/conversations/${g.id}`, { name: "Team 2" })).body.conversation.name).toBe("Team 2");
    expect((await a.post(`/api/conversations/${g.id}/members`, { userId: ud.id })).status).toBe(201);
    expect((await a.post(`/api/conversations/${g.id}/members`, { userId: ud.id })).status).toBe(409);
    const removed = await a.del(`/api/conversations/${g.id}/members/${ud.id}`);
    expect(removed.body.conversation.members).toHaveLength(3);
    expect((await d.get(`/api/conversations/${g.id}`)).status).toBe(404);
    // c says goodbye and leaves on their own; history still names them.
    await c.post(`/api/conversations/${g.id}/messages`, { text: "bye all" });
    expect((await c.del(`/api/conversations/${g.id}/members/${uc.id}`)).status).toBe(200);
    const page = (await b.get(`/api/conversations/${g.id}/messages`)).body;
    expect(page.messages[0]).toMatchObject({ kind: "system", action: "left", userId: uc.id });
    expect(page.messages[1].senderId).toBe(uc.id);
    expect(page.senders).toContainEqual(expect.objectContaining({ id: uc.id, username: "grp-c" }));
    // The only admin leaves: b, the longest-standing member, becomes admin.
    const handed = await a.del(`/api/conversations/${g.id}/members/${a.user!.id}`);
    expect(handed.status).toBe(200);
    const view = (await b.get(`/api/conversations/${g.id}`)).body.conversation;
    expect(view.members.map((m: { username: string; role: string }) => [m.username, m.role])).toEqual([["grp-b", "admin"]]);
  });
});

describe("health", () => {
  it("reports the store and bus in use", async () => {
    const res = await client().get("/api/health");
    expect(res.body).toMatchObject({ status: "ok", store: { kind: "sqlite", reachable: true }, bus: { kind: "local", reachable: true } });
  });
});
