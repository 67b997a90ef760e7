import fs from "node:fs";
import path from "node:path";
import { decode, encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type ApiResponse } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { upload } from "../helpers/uploads";
import sharp from "sharp";
import { createHmac } from "node:crypto";
import { startOwnSockudo, type OwnSockudo } from "../helpers/own-sockudo";

/**
 * Who may do what, over real HTTP. Conventions: 401 without a session; 404 for a conversation or
 * message the caller cannot see (existence is private, so it looks exactly like a missing one);
 * 403 for a visible resource the caller may not change. Every refusal is followed by a check, as a
 * legitimate member, that nothing changed.
 */

let app: AppHandle;
const client = () => new ApiClient(app.baseUrl);

// alice: admin of the group and in a DM with dave; bob, carol: plain group members;
// mallory: signed in, in none of them (only in her own DM with dave, used as a stream sentinel).
let alice: ApiClient, bob: ApiClient, carol: ApiClient, dave: ApiClient, mallory: ApiClient;
const ids = {} as Record<"alice" | "bob" | "carol" | "dave" | "mallory", string>;
let group: { id: string };
let dm: { id: string };
let sentinelDm: { id: string };
let msgAliceInGroup: { id: string };
let msgBobInGroup: { id: string };
let msgAliceInDm: { id: string };
let fileInGroup: { id: string };

beforeAll(async () => {
  app = await startApp({ name: "authz" });
  [alice, bob, carol, dave, mallory] = [client(), client(), client(), client(), client()];
  ids.alice = (await alice.signUp("authz-alice")).id;
  ids.bob = (await bob.signUp("authz-bob")).id;
  ids.carol = (await carol.signUp("authz-carol")).id;
  ids.dave = (await dave.signUp("authz-dave")).id;
  ids.mallory = (await mallory.signUp("authz-mallory")).id;
  group = (await alice.post("/api/conversations", { type: "group", name: "Core", memberIds: [ids.bob, ids.carol] })).body.conversation;
  dm = (await alice.post("/api/conversations", { type: "direct", userId: ids.dave })).body.conversation;
  sentinelDm = (await dave.post("/api/conversations", { type: "direct", userId: ids.mallory })).body.conversation;
  msgAliceInGroup = (await alice.post(`/api/conversations/${group.id}/messages`, { text: "from alice" })).body.message;
  msgBobInGroup = (await bob.post(`/api/conversations/${group.id}/messages`, { text: "from bob" })).body.message;
  msgAliceInDm = (await alice.post(`/api/conversations/${dm.id}/messages`, { text: "dm from alice" })).body.message;
  fileInGroup = (await upload(alice, "plan.png", await sharp({ create: { width: 8, height: 8, channels: 3, background: "red" } }).png().toBuffer())).body.attachment;
  expect((await alice.post(`/api/conversations/${group.id}/messages`, { attachmentIds: [fileInGroup.id] })).status).toBe(201);
  expect([group, dm, sentinelDm, msgAliceInGroup, msgBobInGroup, msgAliceInDm, fileInGroup].every((x) => typeof x?.id === "string")).toBe(true);
});
afterAll(async () => app?.stop());

/** Everything a member can observe about a conversation: details, every member's read marker, history. */
async function snapshot(viewer: ApiClient, conversationId: string) {
  const conv = await viewer.get(`/api/conversations/${conversationId}`);
  const history = await viewer.get(`/api/conversations/${conversationId}/messages?limit=100`);
  expect(conv.status).toBe(200);
  expect(history.status).toBe(200);
  return { conversation: conv.body.conversation, messages: history.body.messages };
}

function expectError(res: ApiResponse, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(res.body.error.message).toEqual(expect.any(String));
  expect(res.body.error.message.length).toBeGreaterThan(0);
}

type Call = [label: string, run: (c: ApiClient) => Promise<ApiResponse>];

describe("a non-member", () => {
  const onConversation = (id: () => string, msg: () => string): Call[] => [
    ["GET conversation", (c) => c.get(`/api/conversations/${id()}`)],
    ["GET messages", (c) => c.get(`/api/conversations/${id()}/messages`)],
    ["POST message", (c) => c.post(`/api/conversations/${id()}/messages`, { text: "let me in" })],
    ["POST reply", (c) => c.post(`/api/conversations/${id()}/messages`, { text: "let me in", replyToId: msg() })],
    ["POST read", (c) => c.post(`/api/conversations/${id()}/read`, { messageId: msg() })],
    ["POST members (add self)", (c) => c.post(`/api/conversations/${id()}/members`, { userId: ids.mallory })],
    ["POST members (add other)", (c) => c.post(`/api/conversations/${id()}/members`, { userId: ids.dave })],
    ["PATCH rename", (c) => c.patch(`/api/conversations/${id()}`, { name: "Hijacked" })],
    ["DELETE a member", (c) => c.del(`/api/conversations/${id()}/members/${ids.bob}`)],
    ["DELETE self (leave)", (c) => c.del(`/api/conversations/${id()}/members/${ids.mallory}`)],
    ["POST join (a private group or DM cannot be joined)", (c) => c.post(`/api/conversations/${id()}/join`)],
    ["PATCH visibility", (c) => c.patch(`/api/conversations/${id()}`, { visibility: "public" })],
    ["POST typing", (c) => c.post(`/api/conversations/${id()}/typing`, { typing: true })],
  ];

  it.each(onConversation(() => group.id, () => msgAliceInGroup.id))("gets 404 on a group: %s", async (_label, run) => {
    const before = await snapshot(alice, group.id);
    expectError(await run(mallory), 404, "not_found:conversation");
    expect(await snapshot(alice, group.id)).toEqual(before);
  });

  it.each(onConversation(() => dm.id, () => msgAliceInDm.id))("gets 404 on a DM: %s", async (_label, run) => {
    const before = await snapshot(alice, dm.id);
    expectError(await run(mallory), 404, "not_found:conversation");
    expect(await snapshot(alice, dm.id)).toEqual(before);
  });

  it.each<Call>([
    ["PATCH message", (c) => c.patch(`/api/messages/${msgAliceInGroup.id}`, { text: "defaced" })],
    ["DELETE message", (c) => c.del(`/api/messages/${msgAliceInGroup.id}`)],
    ["PATCH DM message", (c) => c.patch(`/api/messages/${msgAliceInDm.id}`, { text: "defaced" })],
    ["DELETE DM message", (c) => c.del(`/api/messages/${msgAliceInDm.id}`)],
    ["PUT reaction", (c) => c.request("PUT", `/api/messages/${msgAliceInGroup.id}/reactions/${encodeURIComponent("👍")}`)],
    ["DELETE reaction", (c) => c.request("DELETE", `/api/messages/${msgAliceInGroup.id}/reactions/${encodeURIComponent("👍")}`)],
    ["PUT reaction on a DM message", (c) => c.request("PUT", `/api/messages/${msgAliceInDm.id}/reactions/${encodeURIComponent("👍")}`)],
  ])("gets 404 for a message it cannot see: %s", async (_label, run) => {
    const before = [await snapshot(alice, group.id), await snapshot(alice, dm.id)];
    expectError(await run(mallory), 404, "not_found:message");
    expect([await snapshot(alice, group.id), await snapshot(alice, dm.id)]).toEqual(before);
  });

  it("cannot tell a private conversation or message from a missing one", async () => {
    const hidden = await mallory.get(`/api/conversations/${group.id}`);
    const missing = await mallory.get(`/api/conversations/doesNotExist0000000000`);
    expect([hidden.status, hidden.body]).toEqual([missing.status, missing.body]);
    const hiddenMsg = await mallory.del(`/api/messages/${msgAliceInGroup.id}`);
    const missingMsg = await mallory.del(`/api/messages/doesNotExist0000000000`);
    expect([hiddenMsg.status, hiddenMsg.body]).toEqual([missingMsg.status, missingMsg.body]);
  });

  it("does not see the conversations in its list", async () => {
    const list = await mallory.get("/api/conversations");
    expect(list.status).toBe(200);
    expect(list.body.conversations.map((c: { id: string }) => c.id)).toEqual([sentinelDm.id]);
  });

  it("cannot mark read in its own conversation with a message from someone else's", async () => {
    const before = await snapshot(dave, sentinelDm.id);
    expectError(await mallory.post(`/api/conversations/${sentinelDm.id}/read`, { messageId: msgAliceInGroup.id }), 404, "not_found:message");
    expect(await snapshot(dave, sentinelDm.id)).toEqual(before);
  });

  it("never receives the conversation's events on its stream, not even with a forged cursor", async () => {
    const watcher = await bob.openStream();
    const plain = await mallory.openStream();
    const forged = await mallory.openStream({ lastEventId: `v1:${group.id}.0,${dm.id}.0` });
    await Promise.all([watcher.waitForReady(), plain.waitForReady(), forged.waitForReady()]);

    const secret = (await alice.post(`/api/conversations/${group.id}/messages`, { text: "members only" })).body.message;
    await alice.post(`/api/conversations/${dm.id}/messages`, { text: "dm only" });
    await alice.patch(`/api/conversations/${group.id}`, { name: "Core 2" });
    await alice.patch(`/api/messages/${secret.id}`, { text: "members only, edited" });
    await bob.post(`/api/conversations/${group.id}/read`, { messageId: secret.id });
    await alice.patch(`/api/conversations/${group.id}`, { name: "Core" });
    // The control: a member sees them. Then a sentinel in mallory's own DM, published after all of
    // the above on the same in-process bus, proves her streams have processed everything before it.
    await watcher.waitFor((es) => es.some((e) => e.event === "message.updated" && e.data.message.id === secret.id));
    await dave.post(`/api/conversations/${sentinelDm.id}/messages`, { text: "sentinel" });
    for (const s of [plain, forged]) {
      await s.waitFor((es) => es.some((e) => e.event === "message.created" && e.data.message.text === "sentinel"));
    }

    for (const s of [plain, forged]) {
      const leaked = s.events.filter((e) => e.event !== "ready" && e.data?.conversationId !== sentinelDm.id);
      // A forged cursor naming a conversation one is not in only earns a content-free removal notice.
      for (const e of leaked) expect(e).toMatchObject({ event: "member.removed", data: { userId: ids.mallory, seq: null } });
      expect(JSON.stringify(s.events)).not.toMatch(/members only|dm only|Core 2/);
      for (const e of s.events) if (e.id) expect(e.id).not.toContain(group.id);
    }
    expect(forged.events.filter((e) => e.event === "member.removed").map((e) => e.data.conversationId).sort()).toEqual(
      [group.id, dm.id].sort(),
    );
    [watcher, plain, forged].forEach((s) => s.close());
  });
});

describe("messages belong to their sender", () => {
  const cases: [string, () => ApiClient, () => string][] = [
    ["a group member, on another member's message", () => bob, () => msgAliceInGroup.id],
    ["the group admin, on a member's message", () => alice, () => msgBobInGroup.id],
    ["the other side of a DM", () => dave, () => msgAliceInDm.id],
  ];

  it.each(cases)("%s: cannot edit it (403)", async (_label, who, msg) => {
    const before = [await snapshot(alice, group.id), await snapshot(alice, dm.id)];
    expectError(await who().patch(`/api/messages/${msg()}`, { text: "not yours" }), 403, "forbidden:message");
    expect([await snapshot(alice, group.id), await snapshot(alice, dm.id)]).toEqual(before);
  });

  it.each(cases)("%s: cannot delete it (403)", async (_label, who, msg) => {
    const before = [await snapshot(alice, group.id), await snapshot(alice, dm.id)];
    expectError(await who().del(`/api/messages/${msg()}`), 403, "forbidden:message");
    expect([await snapshot(alice, group.id), await snapshot(alice, dm.id)]).toEqual(before);
  });

  it("still shows every message untouched", async () => {
    const texts = (await snapshot(carol, group.id)).messages.map((m: { id: string; text: string; editedAt: null; deletedAt: null }) => m);
    for (const [id, text] of [[msgAliceInGroup.id, "from alice"], [msgBobInGroup.id, "from bob"]]) {
      expect(texts.find((m: { id: string }) => m.id === id)).toMatchObject({ text, editedAt: null, deletedAt: null });
    }
  });
});

describe("reactions belong to who reacted", () => {
  const at = (msgId: string, emoji: string) => `/api/messages/${msgId}/reactions/${encodeURIComponent(emoji)}`;

  it("nobody removes another person's reaction: not a member, not the author, not the admin", async () => {
    expect((await bob.request("PUT", at(msgAliceInGroup.id, "👍"))).status).toBe(200);
    const before = await snapshot(alice, group.id);
    for (const who of [carol, alice]) {
      const res = await who.request("DELETE", at(msgAliceInGroup.id, "👍"));
      expect(res.status).toBe(200);
      expect(res.body.message.reactions).toEqual([{ emoji: "👍", count: 1, userIds: [ids.bob] }]);
    }
    expectError(await mallory.request("DELETE", at(msgAliceInGroup.id, "👍")), 404, "not_found:message");
    expect(await snapshot(alice, group.id)).toEqual(before);
    expect((await bob.request("DELETE", at(msgAliceInGroup.id, "👍"))).body.message.reactions).toEqual([]);
  });

  it("a former member can no longer react, nor take back an old reaction", async () => {
    const frank = client();
    const frankId = (await frank.signUp("authz-frank")).id;
    const g = (await alice.post("/api/conversations", { type: "group", name: "Frank's", memberIds: [frankId] })).body.conversation;
    const m = (await alice.post(`/api/conversations/${g.id}/messages`, { text: "react" })).body.message;
    expect((await frank.request("PUT", at(m.id, "🙂"))).status).toBe(200);
    await frank.del(`/api/conversations/${g.id}/members/${frankId}`);
    const before = await snapshot(alice, g.id);
    expectError(await frank.request("PUT", at(m.id, "🎉")), 404, "not_found:message");
    expectError(await frank.request("DELETE", at(m.id, "🙂")), 404, "not_found:message");
    expect(await snapshot(alice, g.id)).toEqual(before);
  });

  it("a reply cannot reach into a conversation one is not in (own DM, foreign parent)", async () => {
    const before = [await snapshot(alice, group.id), await snapshot(dave, sentinelDm.id)];
    const res = await mallory.post(`/api/conversations/${sentinelDm.id}/messages`, { text: "quote", replyToId: msgAliceInGroup.id });
    expectError(res, 400, "bad_request:input");
    expect(JSON.stringify(res.body)).not.toContain("from alice");
    expect([await snapshot(alice, group.id), await snapshot(dave, sentinelDm.id)]).toEqual(before);
  });
});

describe("a direct conversation has fixed members", () => {
  it.each<[string, () => Promise<ApiResponse>]>([
    ["add a third person", () => alice.post(`/api/conversations/${dm.id}/members`, { userId: ids.carol })],
    ["remove the other person", () => alice.del(`/api/conversations/${dm.id}/members/${ids.dave}`)],
    ["leave it", () => dave.del(`/api/conversations/${dm.id}/members/${ids.dave}`)],
    ["rename it", () => alice.patch(`/api/conversations/${dm.id}`, { name: "Our DM" })],
  ])("a member cannot %s (403)", async (_label, run) => {
    const before = await snapshot(alice, dm.id);
    expectError(await run(), 403, "forbidden:conversation");
    const after = await snapshot(alice, dm.id);
    expect(after).toEqual(before);
    expect(after.conversation.members.map((m: { userId: string }) => m.userId).sort()).toEqual([ids.alice, ids.dave].sort());
    expect(after.conversation.name).toBeNull();
  });
});

describe("a non-admin group member", () => {
  it.each<[string, () => Promise<ApiResponse>]>([
    ["rename the group", () => bob.patch(`/api/conversations/${group.id}`, { name: "Bob's" })],
    ["add someone", () => bob.post(`/api/conversations/${group.id}/members`, { userId: ids.dave })],
    ["remove another member", () => bob.del(`/api/conversations/${group.id}/members/${ids.carol}`)],
    ["remove the admin", () => bob.del(`/api/conversations/${group.id}/members/${ids.alice}`)],
  ])("cannot %s (403)", async (_label, run) => {
    const before = await snapshot(alice, group.id);
    expectError(await run(), 403, "forbidden:conversation");
    expect(await snapshot(alice, group.id)).toEqual(before);
  });

  it("can leave, and is then an outsider: 404 everywhere, own old messages included", async () => {
    const erin = client();
    const erinId = (await erin.signUp("authz-erin")).id;
    const g = (await alice.post("/api/conversations", { type: "group", name: "Leavers", memberIds: [ids.bob, erinId] })).body.conversation;
    const own = (await erin.post(`/api/conversations/${g.id}/messages`, { text: "erin was here" })).body.message;

    const left = await erin.del(`/api/conversations/${g.id}/members/${erinId}`);
    expect(left.status).toBe(200);
    expect(left.body.conversation.members.map((m: { userId: string }) => m.userId)).toEqual([ids.alice, ids.bob]);
    const before = await snapshot(alice, g.id);
    for (const res of [
      await erin.get(`/api/conversations/${g.id}`),
      await erin.get(`/api/conversations/${g.id}/messages`),
      await erin.post(`/api/conversations/${g.id}/messages`, { text: "back door" }),
      await erin.post(`/api/conversations/${g.id}/read`, { messageId: own.id }),
      await erin.post(`/api/conversations/${g.id}/members`, { userId: erinId }),
      await erin.del(`/api/conversations/${g.id}/members/${erinId}`),
    ]) {
      expectError(res, 404, "not_found:conversation");
    }
    expectError(await erin.patch(`/api/messages/${own.id}`, { text: "rewritten" }), 404, "not_found:message");
    expectError(await erin.del(`/api/messages/${own.id}`), 404, "not_found:message");
    expect(await snapshot(alice, g.id)).toEqual(before);
    expect(before.messages.find((m: { id: string }) => m.id === own.id)).toMatchObject({ text: "erin was here", deletedAt: null });
  });
});

describe("without a session", () => {
  const routes = (): [string, string, unknown?, Record<string, string>?][] => [
    ["GET", "/api/users?q=authz"],
    ["GET", "/api/conversations"],
    ["POST", "/api/conversations", { type: "group", name: "Anon" }],
    ["GET", `/api/conversations/${group.id}`],
    ["PATCH", `/api/conversations/${group.id}`, { name: "Anon" }],
    ["POST", `/api/conversations/${group.id}/members`, { userId: ids.dave }],
    ["DELETE", `/api/conversations/${group.id}/members/${ids.bob}`],
    ["GET", `/api/conversations/${group.id}/messages`],
    ["POST", `/api/conversations/${group.id}/messages`, { text: "anon" }],
    ["POST", `/api/conversations/${group.id}/read`, { messageId: msgAliceInGroup.id }],
    ["PATCH", `/api/messages/${msgAliceInGroup.id}`, { text: "anon" }],
    ["DELETE", `/api/messages/${msgAliceInGroup.id}`],
    ["PUT", `/api/messages/${msgAliceInGroup.id}/reactions/${encodeURIComponent("👍")}`],
    ["DELETE", `/api/messages/${msgAliceInGroup.id}/reactions/${encodeURIComponent("👍")}`],
    ["GET", "/api/stream"],
    ["GET", "/api/channels"],
    ["GET", "/api/search?q=from"],
    ["GET", "/api/me"],
    ["PATCH", "/api/me", { displayName: "Anon" }],
    ["POST", "/api/me/password", { currentPassword: "correct horse battery", newPassword: "stolen session 1" }],
    ["POST", `/api/conversations/${group.id}/join`],
    ["POST", `/api/conversations/${group.id}/typing`, { typing: true }],
    ["GET", "/api/presence"],
    ["POST", "/api/presence/activity", {}],
    // Authentication comes before parsing: junk without a session is still a 401.
    ["POST", `/api/conversations/${group.id}/messages`, "{not json"],
    ["GET", `/api/stream?lastEventId=garbage`],
    ["POST", "/api/uploads", "--x\r\n", { "content-type": "multipart/form-data; boundary=x" }],
    ["GET", `/api/attachments/${fileInGroup.id}`],
    ["GET", `/api/attachments/${fileInGroup.id}/thumbnail`],
    ["GET", `/api/events?cursor=${encodeURIComponent(`v1:${group.id}.0`)}`],
    ["GET", "/api/events"],
    ["POST", "/api/realtime/pusher/auth", `socket_id=1.2&channel_name=private-user-${ids.alice}`, { "content-type": "application/x-www-form-urlencoded" }],
  ];
  /** A person signs in, keeps a copy of the cookie, and signs out (or is signed out elsewhere). */
  const endedSignIn = async () => {
    const c = client();
    expect(await c.login("authz-dave", "correct horse battery")).toBe(200);
    const copy = c.cookieHeader();
    const csrf = await c.get("/api/auth/csrf");
    await c.request("POST", "/api/auth/signout", new URLSearchParams({ csrfToken: csrf.body.csrfToken, json: "true" }).toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
    return { cookie: copy };
  };
  const sessions: [string, () => Promise<Record<string, string>>][] = [
    ["no cookie", async () => ({})],
    ["the cookie of a sign-in that was signed out (a copy kept after sign-out)", endedSignIn],
    ["a garbage session cookie", async () => ({ cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z" })],
    [
      "a well-formed token for alice signed with another secret",
      async () => {
        const token = await encode({ token: { id: ids.alice, username: "authz-alice", sub: ids.alice }, secret: "not-this-deployments-secret-0123456789" });
        return { cookie: `next-auth.session-token=${token}` };
      },
    ],
  ];

  it.each(sessions)("every route answers 401 with %s, and nothing changes", async (_label, makeHeaders) => {
    const headers = await makeHeaders();
    const before = [await snapshot(alice, group.id), await snapshot(alice, dm.id)];
    const anon = client();
    for (const [method, path, body, extra] of routes()) {
      const res = await anon.request(method, path, body, { ...headers, ...extra });
      expect({ route: `${method} ${path}`, status: res.status, code: res.body?.error?.code }).toEqual({
        route: `${method} ${path}`,
        status: 401,
        code: "unauthorized:session",
      });
      expect(res.body.error.message.length).toBeGreaterThan(0);
    }
    expect([await snapshot(alice, group.id), await snapshot(alice, dm.id)]).toEqual(before);
    expect((await alice.get("/api/conversations")).body.conversations.map((c: { name: string | null }) => c.name)).not.toContain("Anon");
  });

  it("(control) a token with this deployment's secret and a live sign-in is accepted — re-encoded, it still works", async () => {
    const secret = fs.readFileSync(path.join(app.dataDir, ".nextauth-secret"), "utf8").trim();
    const own = /next-auth\.session-token=([^;]+)/.exec(alice.cookieHeader())![1];
    const claims = await decode({ token: own, secret });
    const token = await encode({ token: claims!, secret });
    const res = await client().request("GET", `/api/conversations/${group.id}`, undefined, { cookie: `next-auth.session-token=${token}` });
    expect(res.status).toBe(200);
  });

  it("a token signed with this deployment's secret but naming no live sign-in is refused", async () => {
    const secret = fs.readFileSync(path.join(app.dataDir, ".nextauth-secret"), "utf8").trim();
    for (const extra of [{}, { sid: "made-up-session-id" }]) {
      const token = await encode({ token: { id: ids.alice, username: "authz-alice", sub: ids.alice, ...extra }, secret });
      const res = await client().request("GET", `/api/conversations/${group.id}`, undefined, { cookie: `next-auth.session-token=${token}` });
      expectError(res, 401, "unauthorized:session");
    }
  });

  it("a session of a signed-out client no longer works", async () => {
    const c = client();
    await c.login("authz-carol", "correct horse battery");
    expect((await c.get(`/api/conversations/${group.id}`)).status).toBe(200);
    const csrf = await c.get("/api/auth/csrf");
    await c.request("POST", "/api/auth/signout", new URLSearchParams({ csrfToken: csrf.body.csrfToken, json: "true" }).toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expectError(await c.get(`/api/conversations/${group.id}`), 401, "unauthorized:session");
  });
});

describe("a signed-in person's browser on another site (CSRF)", () => {
  it("every state-changing route answers 403 forbidden:origin to a cross-site request carrying the person's cookie, and nothing changes", async () => {
    const before = [await snapshot(alice, group.id), await snapshot(alice, dm.id)];
    const changes = [
      ["POST", "/api/conversations", { type: "group", name: "Forged" }],
      ["PATCH", `/api/conversations/${group.id}`, { name: "Forged" }],
      ["POST", `/api/conversations/${group.id}/members`, { userId: ids.mallory }],
      ["DELETE", `/api/conversations/${group.id}/members/${ids.bob}`],
      ["POST", `/api/conversations/${group.id}/messages`, { text: "forged" }],
      ["POST", `/api/conversations/${group.id}/read`, { messageId: msgAliceInGroup.id }],
      ["PATCH", `/api/messages/${msgAliceInGroup.id}`, { text: "forged" }],
      ["DELETE", `/api/messages/${msgAliceInGroup.id}`],
      ["PUT", `/api/messages/${msgAliceInGroup.id}/reactions/${encodeURIComponent("👍")}`],
      ["POST", `/api/conversations/${group.id}/join`],
      ["POST", `/api/conversations/${group.id}/typing`, { typing: true }],
      ["POST", "/api/presence/activity", {}],
      ["POST", "/api/uploads", "--x\r\n", { "content-type": "multipart/form-data; boundary=x" }],
    ] as [string, string, unknown?, Record<string, string>?][];
    const sites: Record<string, string>[] = [{ origin: "http://evil.example" }, { "sec-fetch-site": "same-site", origin: "http://127.0.0.1:1" }];
    for (const site of sites) {
      for (const [method, p, body, extra] of changes) {
        const res = await alice.request(method, p, body, { ...site, ...extra });
        expect({ route: `${method} ${p}`, status: res.status, code: res.body?.error?.code }).toEqual({ route: `${method} ${p}`, status: 403, code: "forbidden:origin" });
      }
    }
    expect([await snapshot(alice, group.id), await snapshot(alice, dm.id)]).toEqual(before);
    expect((await alice.get("/api/conversations")).body.conversations.map((c: { name: string | null }) => c.name)).not.toContain("Forged");
    expect((await alice.get("/api/conversations")).status).toBe(200); // still signed in
  });
});

describe("the health routes", () => {
  it("answer without a session, and show the count of open streams only to a signed-in caller", async () => {
    for (const p of ["/api/health", "/api/health/live", "/api/health/ready"]) {
      const res = await client().get(p);
      expect({ p, status: res.status }).toEqual({ p, status: 200 });
      expect(res.body).not.toHaveProperty("connections");
    }
    const forged = await client().request("GET", "/api/health", undefined, { cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z" });
    expect(forged.body).not.toHaveProperty("connections");
    expect((await alice.get("/api/health")).body.connections).toEqual(expect.any(Number));
  });
});

describe("attachments", () => {
  const file = () => `/api/attachments/${fileInGroup.id}`;

  it("members read a conversation's files; a non-member gets the same 404 as for an unknown id", async () => {
    for (const c of [alice, bob, carol]) {
      expect((await c.get(file())).status).toBe(200);
      expect((await c.get(`${file()}/thumbnail`)).status).toBe(200);
    }
    expectError(await mallory.get(file()), 404, "not_found:attachment");
    expectError(await mallory.get(`${file()}/thumbnail`), 404, "not_found:attachment");
    expectError(await dave.get(file()), 404, "not_found:attachment");
  });

  it("an unattached upload is its uploader's alone, and nobody else can attach it", async () => {
    const mine = (await upload(alice, "draft.txt", Buffer.from("draft"))).body.attachment;
    expect((await alice.get(`/api/attachments/${mine.id}`)).status).toBe(200);
    expectError(await bob.get(`/api/attachments/${mine.id}`), 404, "not_found:attachment");
    const before = await snapshot(alice, group.id);
    expectError(await bob.post(`/api/conversations/${group.id}/messages`, { text: "mine now", attachmentIds: [mine.id] }), 404, "not_found:attachment");
    expectError(await mallory.post(`/api/conversations/${sentinelDm.id}/messages`, { attachmentIds: [mine.id] }), 404, "not_found:attachment");
    expect(await snapshot(alice, group.id)).toEqual(before);
    // Attaching into a conversation one is not in is refused before the upload is touched.
    expectError(await alice.post(`/api/conversations/${sentinelDm.id}/messages`, { attachmentIds: [mine.id] }), 404, "not_found:conversation");
    expect((await alice.post(`/api/conversations/${group.id}/messages`, { attachmentIds: [mine.id] })).status).toBe(201);
  });

  it("only the sender deletes a message with files (403), and then the files are gone for everyone", async () => {
    const f = (await upload(bob, "bob.txt", Buffer.from("bob's"))).body.attachment;
    const m = (await bob.post(`/api/conversations/${group.id}/messages`, { attachmentIds: [f.id] })).body.message;
    expectError(await alice.del(`/api/messages/${m.id}`), 403, "forbidden:message");
    expect((await carol.get(`/api/attachments/${f.id}`)).status).toBe(200);
    expect((await bob.del(`/api/messages/${m.id}`)).status).toBe(200);
    for (const c of [alice, bob, carol]) expectError(await c.get(`/api/attachments/${f.id}`), 404, "not_found:attachment");
  });

  it("a member removed from the group loses access to its files", async () => {
    const erin = client();
    const erinId = (await erin.signUp("authz-erin-files")).id;
    const g = (await alice.post("/api/conversations", { type: "group", name: "Leavers", memberIds: [erinId] })).body.conversation;
    const f = (await upload(alice, "keep.txt", Buffer.from("members only"))).body.attachment;
    await alice.post(`/api/conversations/${g.id}/messages`, { attachmentIds: [f.id] });
    expect((await erin.get(`/api/attachments/${f.id}`)).status).toBe(200);
    expect((await alice.del(`/api/conversations/${g.id}/members/${erinId}`)).status).toBe(200);
    expectError(await erin.get(`/api/attachments/${f.id}`), 404, "not_found:attachment");
    expectError(await erin.get(`/api/attachments/${f.id}/thumbnail`), 404, "not_found:attachment");
  });
});

describe("public channels", () => {
  it("only admins change visibility; anyone joins a public group, nobody a private one", async () => {
    const g = (await alice.post("/api/conversations", { type: "group", name: "Authz open", memberIds: [ids.bob] })).body.conversation;
    const before = await snapshot(alice, g.id);
    expectError(await bob.patch(`/api/conversations/${g.id}`, { visibility: "public" }), 403, "forbidden:conversation");
    expectError(await mallory.post(`/api/conversations/${g.id}/join`), 404, "not_found:conversation");
    expect((await mallory.get("/api/channels?q=Authz open")).body.channels).toEqual([]);
    expect(await snapshot(alice, g.id)).toEqual(before);

    expect((await alice.patch(`/api/conversations/${g.id}`, { visibility: "public" })).status).toBe(200);
    expect((await mallory.get("/api/channels?q=Authz open")).body.channels.map((c: { id: string }) => c.id)).toEqual([g.id]);
    expect((await mallory.post(`/api/conversations/${g.id}/join`)).status).toBe(201);
    // A joined member is a plain member: no admin rights.
    expectError(await mallory.patch(`/api/conversations/${g.id}`, { visibility: "private" }), 403, "forbidden:conversation");
    expectError(await mallory.del(`/api/conversations/${g.id}/members/${ids.bob}`), 403, "forbidden:conversation");

    expect((await alice.patch(`/api/conversations/${g.id}`, { visibility: "private" })).status).toBe(200);
    expectError(await dave.post(`/api/conversations/${g.id}/join`), 404, "not_found:conversation");
    expect((await dave.get("/api/channels?q=Authz open")).body.channels).toEqual([]);
    // A DM can never be made public.
    expectError(await alice.patch(`/api/conversations/${dm.id}`, { visibility: "public" }), 403, "forbidden:conversation");
  });
});

describe("search", () => {
  it("a non-member finds nothing of a conversation and cannot search it by id", async () => {
    expect((await mallory.get("/api/search?q=from")).body.results).toEqual([]);
    expectError(await mallory.get(`/api/search?q=from&conversationId=${group.id}`), 404, "not_found:conversation");
    expectError(await mallory.get(`/api/search?q=dm&conversationId=${dm.id}`), 404, "not_found:conversation");
    // (control) a member finds it
    expect((await bob.get(`/api/search?q=from&conversationId=${group.id}`)).body.results.map((r: { message: { id: string } }) => r.message.id)).toContain(msgAliceInGroup.id);
  });
});

describe("a profile is its owner's alone", () => {
  it("PATCH /api/me changes only the caller, whatever ids the body names", async () => {
    const aliceBefore = (await alice.get("/api/me")).body.user;
    const res = await mallory.patch("/api/me", { displayName: "Not Alice", userId: ids.alice, id: ids.alice, username: "authz-alice" });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: ids.mallory, username: "authz-mallory", displayName: "Not Alice" });
    expect((await alice.get("/api/me")).body.user).toEqual(aliceBefore);
    const members = (await bob.get(`/api/conversations/${group.id}`)).body.conversation.members;
    expect(members.find((m: { userId: string }) => m.userId === ids.alice).displayName).toBe(aliceBefore.displayName);
  });

  it("a password change ends only the caller's other sessions, never someone else's", async () => {
    const [aliceElsewhere, malloryElsewhere] = [client(), client()];
    expect(await aliceElsewhere.login("authz-alice")).toBe(200);
    expect(await malloryElsewhere.login("authz-mallory")).toBe(200);
    const res = await mallory.post("/api/me/password", { currentPassword: "correct horse battery", newPassword: "mallory's new one", userId: ids.alice });
    expect(res.status).toBe(200);
    expect((await malloryElsewhere.get("/api/me")).status).toBe(401);
    expect((await mallory.get("/api/me")).status).toBe(200);
    // alice's sign-ins and password are untouched.
    expect((await aliceElsewhere.get("/api/me")).status).toBe(200);
    expect((await alice.get("/api/me")).status).toBe(200);
    expect(await client().login("authz-alice")).toBe(200);
    // Knowing mallory's old password no longer helps anyone.
    expect(await client().login("authz-mallory")).toBe(401);
  });
});

describe("GET /api/events (the stream's replay over HTTP)", () => {
  it("replays to a non-member nothing of a conversation, not even with a forged cursor: a removal notice at most", async () => {
    await alice.post(`/api/conversations/${group.id}/messages`, { text: "members only, replayed" });
    const res = await mallory.get(`/api/events?cursor=${encodeURIComponent(`v1:${group.id}.0,${dm.id}.0`)}`);
    expect(res.status).toBe(200);
    // (Her own conversations, absent from the forged cursor, replay from her joins: not checked here.)
    const about = (id: string) => res.body.events.filter((e: { conversationId: string }) => e.conversationId === id);
    expect([...about(group.id), ...about(dm.id)]).toEqual([
      { type: "member.removed", conversationId: group.id, userId: ids.mallory, seq: null },
      { type: "member.removed", conversationId: dm.id, userId: ids.mallory, seq: null },
    ]);
    expect(JSON.stringify(res.body)).not.toContain("members only, replayed");
    expect(res.body.cursor).not.toContain(group.id);
    // (control) a member with the same cursor gets the group's events
    const member = await bob.get(`/api/events?cursor=${encodeURIComponent(`v1:${group.id}.0`)}`);
    expect(member.body.events.some((e: { message?: { text: string } }) => e.message?.text === "members only, replayed")).toBe(true);
  });
});

describe("POST /api/realtime/pusher/auth (the pusher mode, against a real Sockudo)", () => {
  let sockudo: OwnSockudo;
  let papp: AppHandle;
  let erin: ApiClient, frank: ApiClient;
  let erinId: string, frankId: string;
  const FORM = { "content-type": "application/x-www-form-urlencoded" };
  const ask = (c: ApiClient, channel: string, socket = "123.456", headers: Record<string, string> = {}) =>
    c.request("POST", "/api/realtime/pusher/auth", new URLSearchParams({ socket_id: socket, channel_name: channel }).toString(), { ...FORM, ...headers });

  beforeAll(async () => {
    sockudo = await startOwnSockudo();
    papp = await startApp({ name: "authz-pusher", env: sockudo.appEnv });
    [erin, frank] = [new ApiClient(papp.baseUrl), new ApiClient(papp.baseUrl)];
    erinId = (await erin.signUp("authz-erin")).id;
    frankId = (await frank.signUp("authz-frank")).id;
  });
  afterAll(async () => {
    await papp?.stop();
    await sockudo?.stop();
  });

  it("signs the caller's own channel, with the app secret, for that socket", async () => {
    const res = await ask(erin, `private-user-${erinId}`, "1234.5678");
    expect(res.status).toBe(200);
    const signature = createHmac("sha256", sockudo.secret).update(`1234.5678:private-user-${erinId}`).digest("hex");
    expect(res.body).toEqual({ auth: `${sockudo.key}:${signature}` });
  });

  it.each([
    ["another person's channel", () => `private-user-${frankId}`],
    ["a conversation-shaped channel", () => "private-conversation-abc"],
    ["a presence channel", () => `presence-user-${erinId}`],
    ["a public channel", () => "news"],
    ["an encrypted channel", () => `private-encrypted-user-${erinId}`],
    ["own id with a suffix", () => `private-user-${erinId}x`],
    ["own id with a path", () => `private-user-${erinId}/../${frankId}`],
  ])("refuses %s with 403", async (_label, channel) => {
    expectError(await ask(erin, channel()), 403, "forbidden:channel");
  });

  it("refuses without a session (401) and from another site (403), signing nothing", async () => {
    expectError(await ask(new ApiClient(papp.baseUrl), `private-user-${erinId}`), 401, "unauthorized:session");
    expectError(await ask(erin, `private-user-${erinId}`, "1.2", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }), 403, "forbidden:origin");
  });

  it("reports the transport on /api/health", async () => {
    const res = await new ApiClient(papp.baseUrl).get("/api/health");
    expect(res.body).toMatchObject({ transport: "pusher", bus: { kind: "pusher" } });
  });
});
