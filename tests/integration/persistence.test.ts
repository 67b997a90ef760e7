import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";

/**
 * The embedded mode keeps everything in its data directory: accounts, conversations, history with
 * edits and tombstones, read markers and the generated NEXTAUTH secret. A graceful restart and a
 * SIGKILL right after a burst of acknowledged writes must both lose nothing.
 */

let app: AppHandle;
let alice: ApiClient, bob: ApiClient, carol: ApiClient;
const ids = {} as Record<"alice" | "bob" | "carol", string>;
let dm: { id: string };
let group: { id: string };
let edited: { id: string };
let deleted: { id: string };
let secretBefore: string;

const PASSWORDS = { alice: "alice-password-1", bob: "bob-password-22", carol: "carol-password-333" };
const secretFile = () => path.join(app.dataDir, ".nextauth-secret");

/** What each person sees: their conversation list (with unread counts) and every history. */
async function observed() {
  const view = async (c: ApiClient) => {
    const list = await c.get("/api/conversations");
    expect(list.status).toBe(200);
    const histories: Record<string, unknown> = {};
    for (const conv of list.body.conversations) {
      const h = await c.get(`/api/conversations/${conv.id}/messages?limit=100`);
      expect(h.status).toBe(200);
      histories[conv.id] = h.body;
    }
    return { conversations: list.body.conversations, histories };
  };
  return { alice: await view(alice), bob: await view(bob), carol: await view(carol) };
}

async function signIn(username: keyof typeof PASSWORDS) {
  const c = new ApiClient(app.baseUrl);
  await c.login(`p-${username}`, PASSWORDS[username]);
  return c;
}

beforeAll(async () => {
  app = await startApp({ name: "persistence" });
  [alice, bob, carol] = [new ApiClient(app.baseUrl), new ApiClient(app.baseUrl), new ApiClient(app.baseUrl)];
  ids.alice = (await alice.signUp("p-alice", PASSWORDS.alice, "Alice")).id;
  ids.bob = (await bob.signUp("p-bob", PASSWORDS.bob)).id;
  ids.carol = (await carol.signUp("p-carol", PASSWORDS.carol, "Carol C.")).id;
  dm = (await alice.post("/api/conversations", { type: "direct", userId: ids.bob })).body.conversation;
  group = (await alice.post("/api/conversations", { type: "group", name: "Persistent", memberIds: [ids.bob, ids.carol] })).body.conversation;

  const send = async (c: ApiClient, convId: string, text: string) => {
    const res = await c.post(`/api/conversations/${convId}/messages`, { text, clientId: `c-${text.replace(/\W/g, "-")}` });
    expect(res.status).toBe(201);
    return res.body.message;
  };
  await send(alice, dm.id, "dm one");
  await send(bob, dm.id, "dm two");
  await send(alice, dm.id, "dm three");
  const g1 = await send(alice, group.id, "group one");
  edited = await send(bob, group.id, "group two");
  deleted = await send(carol, group.id, "group three");
  await send(alice, group.id, "group four");
  expect((await bob.patch(`/api/messages/${edited.id}`, { text: "group two (edited)" })).status).toBe(200);
  expect((await carol.del(`/api/messages/${deleted.id}`)).status).toBe(200);
  expect((await carol.post(`/api/conversations/${group.id}/read`, { messageId: g1.id })).status).toBe(200);
  expect((await bob.post(`/api/conversations/${dm.id}/read`, { messageId: (await alice.get(`/api/conversations/${dm.id}/messages?limit=1`)).body.messages[0].id })).status).toBe(200);
  secretBefore = fs.readFileSync(secretFile(), "utf8");
});
afterAll(async () => app?.stop());

describe("after a graceful stop and restart", () => {
  let before: Awaited<ReturnType<typeof observed>>;
  let cursor: string;

  it("records the state and a stream position first", async () => {
    before = await observed();
    // Unread counts are part of the state that must survive: carol read up to "group one".
    const carolsGroup = before.carol.conversations.find((c: { id: string }) => c.id === group.id);
    expect(carolsGroup.unreadCount).toBe(2); // "group two (edited)" and "group four"; her own and the deleted one do not count
    const bobsDm = before.bob.conversations.find((c: { id: string }) => c.id === dm.id);
    expect(bobsDm.unreadCount).toBe(0);
    const s = await carol.openStream();
    await s.waitForReady();
    cursor = s.lastEventId!;
    s.close();
    expect(cursor).toContain(group.id);
  });

  it("comes back with everything intact, the same sessions still valid", async () => {
    await app.stop();
    await app.restart();

    // The old cookies (signed with the generated secret) still work: the secret was persisted.
    expect(fs.readFileSync(secretFile(), "utf8")).toBe(secretBefore);
    expect(fs.statSync(secretFile()).mode & 0o777).toBe(0o600);
    expect(app.output()).toContain("generated one"); // generated once, on the first start …
    expect(app.output().match(/generated one/g)).toHaveLength(1); // … and read back, not regenerated
    for (const c of [alice, bob, carol]) expect((await c.get("/api/auth/session")).body.user?.id).toBe(c.user!.id);

    const after = await observed();
    expect(after).toEqual(before);

    const history = after.alice.histories[group.id] as { messages: { id: string; text: string | null; editedAt: string | null; deletedAt: string | null }[] };
    expect(history.messages.filter((m) => !("kind" in m)).map((m) => m.text)).toEqual(["group four", null, "group two (edited)", "group one"]);
    expect(history.messages.find((m) => m.id === edited.id)!.editedAt).toEqual(expect.any(String));
    expect(history.messages.find((m) => m.id === deleted.id)).toMatchObject({ text: null, deletedAt: expect.any(String) });
    const g = (await alice.get(`/api/conversations/${group.id}`)).body.conversation;
    expect(g.name).toBe("Persistent");
    expect(g.members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [ids.alice, "admin"],
      [ids.bob, "member"],
      [ids.carol, "member"],
    ]);
  });

  it("still signs every account in with its password, and refuses a wrong one", async () => {
    for (const name of ["alice", "bob", "carol"] as const) {
      const c = await signIn(name);
      expect(c.user?.id).toBe(ids[name]);
    }
    const wrong = new ApiClient(app.baseUrl);
    await wrong.login("p-alice", "not-alice-password");
    expect(wrong.user).toBeUndefined();
    // Usernames stay taken.
    expect((await new ApiClient(app.baseUrl).post("/api/register", { username: "p-bob", password: "whatever-123" })).status).toBe(409);
  });

  it("continues sequence numbers, idempotent retries and stream resume across the restart", async () => {
    const before = (await alice.get(`/api/conversations/${group.id}`)).body.conversation.lastSeq;
    // A retry of a send acknowledged before the restart is still recognised.
    const retry = await alice.post(`/api/conversations/${group.id}/messages`, { text: "group four", clientId: "c-group-four" });
    expect(retry.status).toBe(200);
    const next = await alice.post(`/api/conversations/${group.id}/messages`, { text: "after restart" });
    expect(next.status).toBe(201);
    expect(next.body.message.seq).toBe(before + 1);
    const s = await carol.openStream({ lastEventId: cursor });
    await s.waitForReady();
    expect(s.events.filter((e) => e.event === "message.created").map((e) => e.data.message.text)).toEqual(["after restart"]);
    s.close();
  });
});

describe("after a crash (SIGKILL) right after a burst", () => {
  it("keeps every message that was acknowledged with 201", async () => {
    const unreadBefore = (await bob.get("/api/conversations")).body.conversations.find((c: { id: string }) => c.id === group.id).unreadCount;
    const burst = await Promise.all(
      Array.from({ length: 50 }, (_, i) => alice.post(`/api/conversations/${group.id}/messages`, { text: `burst ${i}`, clientId: `burst-${i}` })),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(50).fill(201));
    const acked = burst.map((r) => r.body.message as { id: string; seq: number; text: string });

    await app.kill();
    await app.restart();

    const history = (await alice.get(`/api/conversations/${group.id}/messages?limit=100`)).body.messages as { id: string; seq: number; text: string }[];
    const stored = new Map(history.map((m) => [m.id, m]));
    for (const m of acked) expect(stored.get(m.id)).toMatchObject({ seq: m.seq, text: m.text });
    expect(new Set(acked.map((m) => m.seq)).size).toBe(50);

    // The session survives the crash too, and unread counts include the whole burst.
    const bobsGroup = (await bob.get("/api/conversations")).body.conversations.find((c: { id: string }) => c.id === group.id);
    expect(bobsGroup.unreadCount).toBe(unreadBefore + 50);
    expect(bobsGroup.lastMessage.seq).toBe(Math.max(...acked.map((m) => m.seq)));

    // Nothing after the crash reuses a sequence number.
    const after = await alice.post(`/api/conversations/${group.id}/messages`, { text: "after crash" });
    expect(after.status).toBe(201);
    expect(after.body.message.seq).toBeGreaterThan(Math.max(...acked.map((m) => m.seq)));
    expect(app.output()).not.toMatch(/unexpected error/i);
  });
});
