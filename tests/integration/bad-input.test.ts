import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type ApiResponse } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { partialBody } from "../helpers/raw-http";
import { startOwnSockudo, type OwnSockudo } from "../helpers/own-sockudo";

/**
 * Bad input on every route, over real HTTP: each answer is the expected 4xx with a JSON body
 * {error: {code, message}}, never a 500, and nothing is stored (the whole visible state is compared
 * with a baseline after every case). At the end the server log must hold no unexpected error.
 *
 * Budget: /api/register allows a burst of 30 per address, and every attempt counts, valid or not;
 * this file stays below it (3 fixture accounts + the register cases + 1 boundary account).
 */

let app: AppHandle;
let alice: ApiClient, bob: ApiClient, carol: ApiClient;
const ids = {} as Record<"alice" | "bob" | "carol", string>;
let dm: { id: string };
let group: { id: string };
let carolsGroup: { id: string };
let msg: { id: string };
let deletedMsg: { id: string };
let carolsMsg: { id: string };
let publicGroup: { id: string };
let baseline: unknown;

const J = (v: unknown) => JSON.stringify(v);
const long = (n: number, ch = "a") => ch.repeat(n);
const OVER_64K = J({ text: "x", padding: long(70_000) });

/** Everything that a bad request could have written, as seen by the people involved. */
async function world() {
  const get = async (c: ApiClient, path: string) => {
    const res = await c.get(path);
    expect(res.status, path).toBe(200);
    return res.body;
  };
  return {
    aliceList: await get(alice, "/api/conversations"),
    bobList: await get(bob, "/api/conversations"),
    carolList: await get(carol, "/api/conversations"),
    group: await get(alice, `/api/conversations/${group.id}`),
    groupHistory: await get(alice, `/api/conversations/${group.id}/messages?limit=100`),
    dmHistory: await get(alice, `/api/conversations/${dm.id}/messages?limit=100`),
    users: await get(alice, "/api/users?limit=50"),
  };
}

function expectApiError(res: ApiResponse, status: number, code: string) {
  expect(res.status).not.toBe(500);
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(typeof res.body.error.message).toBe("string");
  expect(res.body.error.message.trim().length).toBeGreaterThan(0);
}

/** A request whose body arrives chunked, with no Content-Length to reject it up front. */
async function sendChunked(c: ApiClient, method: string, path: string, body: string): Promise<ApiResponse> {
  const bytes = new TextEncoder().encode(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
      controller.close();
    },
  });
  const res = await fetch(c.baseUrl + path, {
    method,
    body: stream,
    headers: { cookie: c.cookieHeader(), "content-type": "application/json" },
    duplex: "half",
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

interface Case {
  label: string;
  method: string;
  path: () => string;
  /** Sent as is (a string), so malformed JSON and non-objects reach the server untouched. */
  body?: string | (() => string);
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const BAD = "bad_request:input";

/** Bodies that are not a JSON object, and one over the 64 KiB cap: the same answer on every body route. */
function bodyShapes(method: string, path: () => string): Case[] {
  return [
    { label: "malformed JSON", method, path, body: '{"text": "unterminated', status: 400, code: BAD },
    { label: "an empty body", method, path, body: "", status: 400, code: BAD },
    { label: "JSON [] (not an object)", method, path, body: "[]", status: 400, code: BAD },
    { label: "JSON null", method, path, body: "null", status: 400, code: BAD },
    { label: 'JSON "x"', method, path, body: '"x"', status: 400, code: BAD },
    { label: "JSON 42", method, path, body: "42", status: 400, code: BAD },
    { label: "a body over 64 KiB", method, path, body: OVER_64K, status: 413, code: "too_large:body" },
  ];
}

/** A bad conversation id in the path: unknown → 404, malformed → 400. */
function badConversationIds(method: string, suffix: string, body?: Case["body"]): Case[] {
  const at = (id: string) => () => `/api/conversations/${id}${suffix}`;
  return [
    { label: "an unknown conversation id", method, path: at("unknownConversation00"), body, status: 404, code: "not_found:conversation" },
    { label: "id ../x", method, path: at(encodeURIComponent("../x")), body, status: 400, code: BAD },
    { label: "id with a dot", method, path: at("a.b"), body, status: 400, code: BAD },
    { label: "a 65-character id", method, path: at(long(65)), body, status: 400, code: BAD },
    { label: "a 4000-character id", method, path: at(long(4000)), body, status: 400, code: BAD },
    { label: "an id with broken %-encoding", method, path: at("%ZZ"), body, status: 400, code: BAD },
    { label: "an id that is a NUL byte", method, path: at("%00"), body, status: 400, code: BAD },
  ];
}

function badMessageIds(method: string, body?: string): Case[] {
  const at = (id: string) => () => `/api/messages/${id}`;
  return [
    { label: "an unknown message id", method, path: at("unknownMessage000000"), body, status: 404, code: "not_found:message" },
    { label: "id ../x", method, path: at(encodeURIComponent("../x")), body, status: 400, code: BAD },
    { label: "a 65-character id", method, path: at(long(65)), body, status: 400, code: BAD },
    { label: "a 4000-character id", method, path: at(long(4000)), body, status: 400, code: BAD },
    { label: "an id with broken %-encoding", method, path: at("%E0%A4%A"), body, status: 400, code: BAD },
  ];
}

/** Text fields: missing, wrong types, operator objects, blank, too long. */
function badText(method: string, path: () => string, field: string, extra: object = {}, max = 4000): Case[] {
  const b = (v: unknown) => J({ ...extra, [field]: v });
  return [
    { label: `missing ${field}`, method, path, body: J(extra), status: 400, code: BAD },
    { label: `${field}: null`, method, path, body: b(null), status: 400, code: BAD },
    { label: `${field}: a number`, method, path, body: b(42), status: 400, code: BAD },
    { label: `${field}: an array`, method, path, body: b(["hi"]), status: 400, code: BAD },
    { label: `${field}: {"$gt": ""}`, method, path, body: b({ $gt: "" }), status: 400, code: BAD },
    { label: `${field}: empty`, method, path, body: b(""), status: 400, code: BAD },
    { label: `${field}: only whitespace`, method, path, body: b("  \n\t  "), status: 400, code: BAD },
    { label: `${field}: ${max + 1} characters`, method, path, body: b(long(max + 1, "x")), status: 400, code: BAD },
  ];
}

/** Id fields in a body: missing, wrong types, operator objects, malformed. */
function badIdField(method: string, path: () => string, field: string, extra: object = {}): Case[] {
  const b = (v: unknown) => J({ ...extra, [field]: v });
  return [
    { label: `missing ${field}`, method, path, body: J(extra), status: 400, code: BAD },
    { label: `${field}: a number`, method, path, body: b(7), status: 400, code: BAD },
    { label: `${field}: {"$gt": ""}`, method, path, body: b({ $gt: "" }), status: 400, code: BAD },
    { label: `${field}: {"$ne": null}`, method, path, body: b({ $ne: null }), status: 400, code: BAD },
    { label: `${field}: ../x`, method, path, body: b("../x"), status: 400, code: BAD },
    { label: `${field}: 65 characters`, method, path, body: b(long(65)), status: 400, code: BAD },
    { label: `${field}: empty`, method, path, body: b(""), status: 400, code: BAD },
  ];
}

beforeAll(async () => {
  app = await startApp({ name: "bad-input" });
  [alice, bob, carol] = [new ApiClient(app.baseUrl), new ApiClient(app.baseUrl), new ApiClient(app.baseUrl)];
  ids.alice = (await alice.signUp("bi-alice")).id;
  ids.bob = (await bob.signUp("bi-bob")).id;
  ids.carol = (await carol.signUp("bi-carol")).id;
  dm = (await alice.post("/api/conversations", { type: "direct", userId: ids.bob })).body.conversation;
  group = (await alice.post("/api/conversations", { type: "group", name: "Group", memberIds: [ids.bob] })).body.conversation;
  carolsGroup = (await carol.post("/api/conversations", { type: "group", name: "Carol's", memberIds: [] })).body.conversation;
  msg = (await alice.post(`/api/conversations/${group.id}/messages`, { text: "hello" })).body.message;
  deletedMsg = (await alice.post(`/api/conversations/${group.id}/messages`, { text: "to delete" })).body.message;
  expect((await alice.del(`/api/messages/${deletedMsg.id}`)).status).toBe(200);
  carolsMsg = (await carol.post(`/api/conversations/${carolsGroup.id}/messages`, { text: "carol's" })).body.message;
  publicGroup = (await carol.post("/api/conversations", { type: "group", name: "Open plan", visibility: "public" })).body.conversation;
  await alice.post(`/api/conversations/${dm.id}/messages`, { text: "dm hello" });
  baseline = await world();
});
afterAll(async () => app?.stop());

function runMatrix(cases: () => Case[], as: () => ApiClient = () => alice) {
  it.each(cases().map((c) => [c.label, c] as const))("%s", async (_label, c) => {
    const body = typeof c.body === "function" ? c.body() : c.body;
    const res = await as().request(c.method, c.path(), body, c.headers);
    expectApiError(res, c.status, c.code);
    expect(await world()).toEqual(baseline);
  });
}

describe("POST /api/register", () => {
  const path = () => "/api/register";
  const ok = { username: "rejected-1", password: "password123" };
  const b = (v: object) => J(v);
  // Every username here starts with "rejected": the user search below proves none was stored.
  runMatrix(
    () => [
      { label: "missing username", method: "POST", path, body: b({ password: "password123" }), status: 400, code: BAD },
      { label: "missing password", method: "POST", path, body: b({ username: "rejected-2" }), status: 400, code: BAD },
      { label: "an empty object", method: "POST", path, body: "{}", status: 400, code: BAD },
      { label: "username: a number", method: "POST", path, body: b({ ...ok, username: 12345 }), status: 400, code: BAD },
      { label: 'username: {"$gt": ""}', method: "POST", path, body: b({ ...ok, username: { $gt: "" } }), status: 400, code: BAD },
      { label: 'password: {"$gt": ""}', method: "POST", path, body: b({ ...ok, password: { $gt: "" } }), status: 400, code: BAD },
      { label: 'displayName: {"$gt": ""}', method: "POST", path, body: b({ ...ok, displayName: { $gt: "" } }), status: 400, code: BAD },
      { label: "displayName: only whitespace", method: "POST", path, body: b({ ...ok, displayName: "   " }), status: 400, code: BAD },
      { label: "displayName: 65 characters", method: "POST", path, body: b({ ...ok, displayName: long(65) }), status: 400, code: BAD },
      { label: "username: too short", method: "POST", path, body: b({ ...ok, username: "re" }), status: 400, code: BAD },
      { label: "username: ../x", method: "POST", path, body: b({ ...ok, username: "rejected/../x" }), status: 400, code: BAD },
      { label: "username: 33 characters", method: "POST", path, body: b({ ...ok, username: `rejected${long(25)}` }), status: 400, code: BAD },
      { label: "password: 7 characters", method: "POST", path, body: b({ ...ok, password: "1234567" }), status: 400, code: BAD },
      { label: "password: 129 characters", method: "POST", path, body: b({ ...ok, password: long(129) }), status: 400, code: BAD },
      { label: "a taken username (any case)", method: "POST", path, body: b({ username: "BI-Alice", password: "password123" }), status: 409, code: "conflict:username" },
      ...bodyShapes("POST", path),
    ],
    () => new ApiClient(app.baseUrl),
  );

  it("stored none of them", async () => {
    expect((await alice.get("/api/users?q=rejected")).body.users).toEqual([]);
    expect((await bob.get("/api/users?q=bi-alice")).body.users.map((u: { id: string }) => u.id)).toEqual([ids.alice]);
  });
});

describe("GET /api/users", () => {
  const q = (query: string) => () => `/api/users?${query}`;
  runMatrix(() => [
    { label: "limit=0", method: "GET", path: q("limit=0"), status: 400, code: BAD },
    { label: "limit=abc", method: "GET", path: q("limit=abc"), status: 400, code: BAD },
    { label: "limit=-1", method: "GET", path: q("limit=-1"), status: 400, code: BAD },
    { label: "limit=1.5", method: "GET", path: q("limit=1.5"), status: 400, code: BAD },
    { label: "limit=51", method: "GET", path: q("limit=51"), status: 400, code: BAD },
    { label: "q of 65 characters", method: "GET", path: q(`q=${long(65)}`), status: 400, code: BAD },
  ]);
});

describe("GET /api/conversations", () => {
  it("ignores query parameters it does not know", async () => {
    const res = await alice.get("/api/conversations?limit=abc&before=-1&$gt=");
    expect(res.status).toBe(200);
    expect(res.body).toEqual((baseline as { aliceList: unknown }).aliceList);
  });
});

describe("POST /api/conversations", () => {
  const path = () => "/api/conversations";
  const group = (v: object) => J({ type: "group", name: "Rejected", ...v });
  runMatrix(() => [
    { label: "an empty object", method: "POST", path, body: "{}", status: 400, code: BAD },
    { label: "an unknown type", method: "POST", path, body: J({ type: "channel", name: "x" }), status: 400, code: BAD },
    { label: "type: a number", method: "POST", path, body: J({ type: 1 }), status: 400, code: BAD },
    { label: 'type: {"$gt": ""}', method: "POST", path, body: J({ type: { $gt: "" } }), status: 400, code: BAD },
    ...badIdField("POST", path, "userId", { type: "direct" }),
    { label: "a direct conversation with an unknown user", method: "POST", path, body: J({ type: "direct", userId: "unknownUser000000000" }), status: 404, code: "not_found:user" },
    ...badText("POST", path, "name", { type: "group", memberIds: [] }, 80),
    { label: "memberIds: a string", method: "POST", path, body: group({ memberIds: "abc" }), status: 400, code: BAD },
    { label: "memberIds: an object", method: "POST", path, body: group({ memberIds: { $gt: "" } }), status: 400, code: BAD },
    { label: "memberIds: [123]", method: "POST", path, body: group({ memberIds: [123] }), status: 400, code: BAD },
    { label: "memberIds: [../x]", method: "POST", path, body: group({ memberIds: ["../x"] }), status: 400, code: BAD },
    { label: "memberIds: 257 entries", method: "POST", path, body: group({ memberIds: Array.from({ length: 257 }, (_, i) => `u${i}`) }), status: 400, code: BAD },
    { label: "memberIds: an unknown user", method: "POST", path, body: group({ memberIds: ["unknownUser000000000"] }), status: 404, code: "not_found:user" },
    ...bodyShapes("POST", path),
  ]);

  it("refuses a direct conversation with oneself (400)", async () => {
    expectApiError(await alice.post("/api/conversations", { type: "direct", userId: ids.alice }), 400, BAD);
    expect(await world()).toEqual(baseline);
  });
});

describe("GET /api/conversations/:id", () => {
  runMatrix(() => badConversationIds("GET", ""));
});

describe("PATCH /api/conversations/:id", () => {
  const path = () => `/api/conversations/${group.id}`;
  runMatrix(() => [
    ...badText("PATCH", path, "name", {}, 80),
    ...bodyShapes("PATCH", path),
    ...badConversationIds("PATCH", "", J({ name: "Renamed" })),
  ]);
});

describe("POST /api/conversations/:id/members", () => {
  const path = () => `/api/conversations/${group.id}/members`;
  runMatrix(() => [
    ...badIdField("POST", path, "userId"),
    { label: "an unknown user", method: "POST", path, body: J({ userId: "unknownUser000000000" }), status: 404, code: "not_found:user" },
    { label: "someone already a member", method: "POST", path, body: () => J({ userId: ids.bob }), status: 409, code: "conflict:member" },
    ...bodyShapes("POST", path),
    ...badConversationIds("POST", "/members", J({ userId: "unknownUser000000000" })),
  ]);
});

describe("DELETE /api/conversations/:id/members/:userId", () => {
  const at = (userId: string) => () => `/api/conversations/${group.id}/members/${userId}`;
  runMatrix(() => [
    { label: "someone who is not a member", method: "DELETE", path: () => at(ids.carol)(), status: 404, code: "not_found:member" },
    { label: "an unknown user id", method: "DELETE", path: at("unknownUser000000000"), status: 404, code: "not_found:member" },
    { label: "user id ../x", method: "DELETE", path: at(encodeURIComponent("../x")), status: 400, code: BAD },
    { label: "a 4000-character user id", method: "DELETE", path: at(long(4000)), status: 400, code: BAD },
    { label: "a user id with broken %-encoding", method: "DELETE", path: at("%ZZ"), status: 400, code: BAD },
    ...badConversationIds("DELETE", `/members/unknownUser000000000`),
  ]);
});

describe("GET /api/conversations/:id/messages", () => {
  const q = (query: string) => () => `/api/conversations/${group.id}/messages?${query}`;
  runMatrix(() => [
    { label: "limit=0", method: "GET", path: q("limit=0"), status: 400, code: BAD },
    { label: "limit=abc", method: "GET", path: q("limit=abc"), status: 400, code: BAD },
    { label: "limit=101", method: "GET", path: q("limit=101"), status: 400, code: BAD },
    { label: "limit=2.5", method: "GET", path: q("limit=2.5"), status: 400, code: BAD },
    { label: "limit= (empty)", method: "GET", path: q("limit="), status: 400, code: BAD },
    { label: "before=-1", method: "GET", path: q("before=-1"), status: 400, code: BAD },
    { label: "before=0", method: "GET", path: q("before=0"), status: 400, code: BAD },
    { label: "before=abc", method: "GET", path: q("before=abc"), status: 400, code: BAD },
    { label: "before beyond 2^53", method: "GET", path: q("before=99999999999999999999"), status: 400, code: BAD },
    ...badConversationIds("GET", "/messages"),
  ]);
});

describe("POST /api/conversations/:id/messages", () => {
  const path = () => `/api/conversations/${group.id}/messages`;
  const b = (v: object) => J({ text: "hi", ...v });
  runMatrix(() => [
    ...badText("POST", path, "text"),
    { label: "clientId: a number", method: "POST", path, body: b({ clientId: 5 }), status: 400, code: BAD },
    { label: "clientId: null", method: "POST", path, body: b({ clientId: null }), status: 400, code: BAD },
    { label: "clientId: empty", method: "POST", path, body: b({ clientId: "" }), status: 400, code: BAD },
    { label: "clientId: ../x", method: "POST", path, body: b({ clientId: "../x" }), status: 400, code: BAD },
    { label: "clientId: 65 characters", method: "POST", path, body: b({ clientId: long(65) }), status: 400, code: BAD },
    { label: 'clientId: {"$gt": ""}', method: "POST", path, body: b({ clientId: { $gt: "" } }), status: 400, code: BAD },
    ...bodyShapes("POST", path),
    ...badConversationIds("POST", "/messages", b({})),
    { label: "attachmentIds: a string", method: "POST", path, body: b({ attachmentIds: "abc" }), status: 400, code: BAD },
    { label: 'attachmentIds: {"$ne": null}', method: "POST", path, body: b({ attachmentIds: { $ne: null } }), status: 400, code: BAD },
    { label: 'attachmentIds: [{"$gt": ""}]', method: "POST", path, body: b({ attachmentIds: [{ $gt: "" }] }), status: 400, code: BAD },
    { label: "attachmentIds: [../x]", method: "POST", path, body: b({ attachmentIds: ["../x"] }), status: 400, code: BAD },
    { label: "attachmentIds: 101 ids", method: "POST", path, body: b({ attachmentIds: Array.from({ length: 101 }, (_, i) => `id${i}`) }), status: 400, code: BAD },
    { label: "attachmentIds: 11 ids (over the limit of 10)", method: "POST", path, body: b({ attachmentIds: Array.from({ length: 11 }, (_, i) => `id${i}`) }), status: 400, code: BAD },
    { label: "attachmentIds: the same id twice", method: "POST", path, body: b({ attachmentIds: ["sameUpload", "sameUpload"] }), status: 400, code: BAD },
    { label: "attachmentIds: an unknown upload", method: "POST", path, body: b({ attachmentIds: ["unknownUpload000000000"] }), status: 404, code: "not_found:attachment" },
    { label: "attachmentIds: [] and no text", method: "POST", path, body: J({ attachmentIds: [] }), status: 400, code: BAD },
  ]);

  it("rejects a chunked body over 64 KiB (no Content-Length) with 413", async () => {
    expectApiError(await sendChunked(alice, "POST", path(), OVER_64K), 413, "too_large:body");
    expect(await world()).toEqual(baseline);
  });
});

describe("POST /api/conversations/:id/read", () => {
  const path = () => `/api/conversations/${group.id}/read`;
  runMatrix(() => [
    ...badIdField("POST", path, "messageId"),
    { label: "an unknown message", method: "POST", path, body: J({ messageId: "unknownMessage000000" }), status: 404, code: "not_found:message" },
    { label: "a message of another conversation", method: "POST", path, body: () => J({ messageId: carolsMsg.id }), status: 404, code: "not_found:message" },
    ...bodyShapes("POST", path),
    ...badConversationIds("POST", "/read", J({ messageId: "unknownMessage000000" })),
  ]);
});

describe("POST /api/conversations/:id/typing", () => {
  const path = () => `/api/conversations/${group.id}/typing`;
  runMatrix(() => [
    { label: "typing: a string", method: "POST", path, body: J({ typing: "yes" }), status: 400, code: BAD },
    { label: "typing: null", method: "POST", path, body: J({ typing: null }), status: 400, code: BAD },
    { label: "typing: 1", method: "POST", path, body: J({ typing: 1 }), status: 400, code: BAD },
    { label: 'typing: {"$ne": null}', method: "POST", path, body: J({ typing: { $ne: null } }), status: 400, code: BAD },
    { label: "a conversation alice is not in", method: "POST", path: () => `/api/conversations/${carolsGroup.id}/typing`, body: "{}", status: 404, code: "not_found:conversation" },
    { label: "a form body", method: "POST", path, body: "typing=true", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415, code: "unsupported:content_type" },
    ...bodyShapes("POST", path),
    ...badConversationIds("POST", "/typing", J({ typing: true })),
  ]);
});

describe("POST /api/presence/activity and GET /api/presence", () => {
  const path = () => "/api/presence/activity";
  runMatrix(() => [
    { label: "a text/plain body", method: "POST", path, body: "{}", headers: { "content-type": "text/plain" }, status: 415, code: "unsupported:content_type" },
    ...bodyShapes("POST", path),
  ]);

  it("GET ignores query parameters it does not know", async () => {
    const res = await alice.get("/api/presence?users=$gt&limit=-1");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ presence: expect.any(Object) });
  });
});

describe("PATCH /api/messages/:id", () => {
  const path = () => `/api/messages/${msg.id}`;
  runMatrix(() => [
    ...badText("PATCH", path, "text"),
    ...bodyShapes("PATCH", path),
    ...badMessageIds("PATCH", J({ text: "edited" })),
    { label: "a deleted message", method: "PATCH", path: () => `/api/messages/${deletedMsg.id}`, body: J({ text: "back" }), status: 409, code: "conflict:message" },
  ]);

  it("rejects a chunked body over 64 KiB (no Content-Length) with 413", async () => {
    expectApiError(await sendChunked(alice, "PATCH", path(), OVER_64K), 413, "too_large:body");
    expect(await world()).toEqual(baseline);
  });
});

describe("DELETE /api/messages/:id", () => {
  runMatrix(() => [
    ...badMessageIds("DELETE"),
    { label: "a message of a conversation one is not in", method: "DELETE", path: () => `/api/messages/${carolsMsg.id}`, status: 404, code: "not_found:message" },
  ]);
});

describe("PUT and DELETE /api/messages/:id/reactions/:emoji", () => {
  const at = (messageId: () => string, emoji: string) => () => `/api/messages/${messageId()}/reactions/${emoji}`;
  const mine = () => msg.id;
  let crowded: { id: string };
  const TWENTY = [..."😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘😗😙😚"];

  beforeAll(async () => {
    crowded = (await alice.post(`/api/conversations/${group.id}/messages`, { text: "crowded" })).body.message;
    for (const e of TWENTY) expect((await alice.request("PUT", `/api/messages/${crowded.id}/reactions/${encodeURIComponent(e)}`)).status).toBe(200);
    baseline = await world();
  });

  const badEmoji = (method: string): Case[] => [
    { label: `${method} a letter`, method, path: at(mine, "a"), status: 400, code: BAD },
    { label: `${method} two emoji`, method, path: at(mine, encodeURIComponent("👍👍")), status: 400, code: BAD },
    { label: `${method} an emoji and text`, method, path: at(mine, encodeURIComponent("👍 ok")), status: 400, code: BAD },
    { label: `${method} an operator-looking "$gt"`, method, path: at(mine, encodeURIComponent("$gt")), status: 400, code: BAD },
    { label: `${method} a JSON object`, method, path: at(mine, encodeURIComponent('{"$ne":null}')), status: 400, code: BAD },
    { label: `${method} 4000 characters`, method, path: at(mine, long(4000)), status: 400, code: BAD },
    { label: `${method} broken %-encoding`, method, path: at(mine, "%F0%9F"), status: 400, code: BAD },
    { label: `${method} %ZZ`, method, path: at(mine, "%ZZ"), status: 400, code: BAD },
    { label: `${method} a NUL byte`, method, path: at(mine, "%00"), status: 400, code: BAD },
    { label: `${method} an unknown message`, method, path: at(() => "unknownMessage000000", encodeURIComponent("👍")), status: 404, code: "not_found:message" },
    { label: `${method} a message id ../x`, method, path: at(() => encodeURIComponent("../x"), encodeURIComponent("👍")), status: 400, code: BAD },
    { label: `${method} a 4000-character message id`, method, path: at(() => long(4000), encodeURIComponent("👍")), status: 400, code: BAD },
    { label: `${method} a message of a conversation one is not in`, method, path: at(() => carolsMsg.id, encodeURIComponent("👍")), status: 404, code: "not_found:message" },
  ];
  runMatrix(() => [
    ...badEmoji("PUT"),
    ...badEmoji("DELETE"),
    { label: "PUT on a deleted message", method: "PUT", path: at(() => deletedMsg.id, encodeURIComponent("👍")), status: 409, code: "conflict:message" },
    { label: "PUT a 21st distinct emoji", method: "PUT", path: at(() => crowded.id, encodeURIComponent("🤯")), status: 409, code: "conflict:reactions" },
  ]);
});

describe("POST /api/conversations/:id/messages with replyToId", () => {
  const path = () => `/api/conversations/${group.id}/messages`;
  const b = (replyToId: unknown) => J({ text: "a reply", replyToId });
  runMatrix(() => [
    { label: "replyToId of another conversation's message", method: "POST", path, body: () => b(carolsMsg.id), status: 400, code: BAD },
    { label: "replyToId of a message in another of my conversations", method: "POST", path: () => `/api/conversations/${dm.id}/messages`, body: () => b(msg.id), status: 400, code: BAD },
    { label: "replyToId unknown", method: "POST", path, body: b("unknownMessage000000"), status: 400, code: BAD },
    { label: "replyToId: null", method: "POST", path, body: b(null), status: 400, code: BAD },
    { label: "replyToId: a number", method: "POST", path, body: b(7), status: 400, code: BAD },
    { label: 'replyToId: {"$gt": ""}', method: "POST", path, body: b({ $gt: "" }), status: 400, code: BAD },
    { label: 'replyToId: {"$ne": null}', method: "POST", path, body: b({ $ne: null }), status: 400, code: BAD },
    { label: "replyToId: ../x", method: "POST", path, body: b("../x"), status: 400, code: BAD },
    { label: "replyToId: 65 characters", method: "POST", path, body: b(long(65)), status: 400, code: BAD },
    { label: "replyToId: an array", method: "POST", path, body: b([msg?.id]), status: 400, code: BAD },
  ]);

  it("says which field is wrong for another conversation's message, without telling whether it exists", async () => {
    const foreign = await alice.post(path(), { text: "x", replyToId: carolsMsg.id });
    const missing = await alice.post(path(), { text: "x", replyToId: "unknownMessage000000" });
    expect(foreign.body).toEqual(missing.body);
    expect(foreign.body.error.issues).toEqual([{ path: "replyToId", message: expect.any(String) }]);
  });
});

describe("GET /api/stream with a bad cursor", () => {
  const withHeader = (id: string): Case => ({
    label: `Last-Event-ID ${id.length > 40 ? `${id.slice(0, 20)}… (${id.length} chars)` : JSON.stringify(id)}`,
    method: "GET",
    path: () => "/api/stream",
    headers: { "last-event-id": id },
    status: 400,
    code: BAD,
  });
  runMatrix(() => [
    ...["garbage", "v2:abc.1", "v1:abc", "v1:abc.", "v1:abc.-1", "v1:abc.1.2", "v1:../x.1", "v1:a.1,,b.2", "v1:a.1234567890123456", `v1:${long(65)}.1`, `v1:${long(8000)}`].map(withHeader),
    { label: "?lastEventId=garbage", method: "GET", path: () => "/api/stream?lastEventId=garbage", status: 400, code: BAD },
    { label: "?lastEventId=v1:a.x", method: "GET", path: () => `/api/stream?lastEventId=${encodeURIComponent("v1:a.x")}`, status: 400, code: BAD },
    { label: "POST (only GET opens a stream)", method: "POST", path: () => "/api/stream", status: 405, code: "bad_request:method" },
  ]);
});

describe("GET /api/events with a bad cursor", () => {
  const at = (cursor: string): Case => ({
    label: `cursor ${cursor.length > 40 ? `${cursor.slice(0, 20)}… (${cursor.length} chars)` : JSON.stringify(cursor)}`,
    method: "GET",
    path: () => `/api/events?cursor=${encodeURIComponent(cursor)}`,
    status: 400,
    code: BAD,
  });
  runMatrix(() => [
    ...["", "garbage", "v2:abc.1", "v1:abc", "v1:abc.-1", "v1:../x.1", "v1:a.1,,b.2", "v1:a.1234567890123456", `v1:${long(65)}.1`, `v1:${long(8000)}`].map(at),
    { label: "cursor given twice", method: "GET", path: () => `/api/events?cursor=v1:&cursor=v1:`, status: 400, code: BAD },
  ]);
});

describe("POST /api/realtime/pusher/auth without the pusher mode", () => {
  const form = "socket_id=123.456&channel_name=private-user-x";
  runMatrix(() => [
    { label: "a well-formed request (this server streams SSE)", method: "POST", path: () => "/api/realtime/pusher/auth", body: form, headers: { "content-type": "application/x-www-form-urlencoded" }, status: 404, code: "not_found:realtime" },
  ]);
});

describe("POST /api/realtime/pusher/auth (the pusher mode, against a real Sockudo)", () => {
  let sockudo: OwnSockudo;
  let papp: AppHandle;
  let me: ApiClient;
  let myId = "";
  beforeAll(async () => {
    sockudo = await startOwnSockudo();
    papp = await startApp({ name: "bad-input-pusher", env: sockudo.appEnv });
    me = new ApiClient(papp.baseUrl);
    myId = (await me.signUp("bi-pusher")).id;
  });
  afterAll(async () => {
    await papp?.stop();
    await sockudo?.stop();
  });
  const FORM = { "content-type": "application/x-www-form-urlencoded" };
  const own = () => `private-user-${myId}`;
  it.each<[string, () => string, Record<string, string>, number, string]>([
    ["a JSON body", () => J({ socket_id: "1.2", channel_name: own() }), { "content-type": "application/json" }, 415, "unsupported:content_type"],
    ["no content type", () => `socket_id=1.2&channel_name=${own()}`, { "content-type": "" }, 415, "unsupported:content_type"],
    ["an empty body", () => "", FORM, 400, BAD],
    ["no socket_id", () => `channel_name=${own()}`, FORM, 400, BAD],
    ["no channel_name", () => "socket_id=1.2", FORM, 400, BAD],
    ["socket_id not <digits>.<digits>", () => `socket_id=abc&channel_name=${own()}`, FORM, 400, BAD],
    ["socket_id with a line break", () => `socket_id=1.2%0A3.4&channel_name=${own()}`, FORM, 400, BAD],
    ["socket_id given twice", () => `socket_id=1.2&socket_id=3.4&channel_name=${own()}`, FORM, 400, BAD],
    ["channel_name given twice", () => `socket_id=1.2&channel_name=${own()}&channel_name=${own()}`, FORM, 400, BAD],
    ["channel_name of 201 characters", () => `socket_id=1.2&channel_name=${long(201)}`, FORM, 400, BAD],
    ["a body over 4 KiB", () => `socket_id=1.2&channel_name=${own()}&pad=${long(5000)}`, FORM, 413, "too_large:body"],
  ])("%s", async (_label, body, headers, status, code) => {
    expectApiError(await me.request("POST", "/api/realtime/pusher/auth", body(), headers), status, code);
  });

  it("(control) signs the caller's own channel", async () => {
    const res = await me.request("POST", "/api/realtime/pusher/auth", `socket_id=1.2&channel_name=${own()}`, FORM);
    expect(res.status).toBe(200);
    expect(res.body.auth).toMatch(new RegExp(`^${sockudo.key}:[0-9a-f]{64}$`));
  });

  it("leaves no unexpected error in that server's log", () => {
    expect(papp.output()).not.toMatch(/unexpected error|Internal Server Error|SyntaxError|TypeError/i);
  });
});

describe("the next-auth credentials callback", () => {
  const callback = "/api/auth/callback/credentials";
  const form = { "content-type": "application/x-www-form-urlencoded" };

  it("answers malformed JSON with 400 and a body over 64 KiB with 413, as the API does", async () => {
    const c = new ApiClient(app.baseUrl);
    expectApiError(await c.request("POST", callback, '{"username": ', { "content-type": "application/json" }), 400, BAD);
    expectApiError(await c.request("POST", callback, `username=bi-alice&password=${long(70_000)}`, form), 413, "too_large:body");
    expect((await c.get("/api/auth/session")).body).toEqual({});
  });

  // next-auth answers the rest with its own protocol ({url} with 200/401, or a redirect): what
  // matters is that none is a 500 and none signs anyone in.
  it.each<[string, (csrf: string) => [string, Record<string, string>]]>([
    ["a junk form", () => ["junk", form]],
    ["an empty body", () => ["", form]],
    ["no csrf token", () => ["username=bi-alice&password=correct+horse+battery&json=true", form]],
    ["a wrong csrf token", () => ["csrfToken=forged&username=bi-alice&password=correct+horse+battery&json=true", form]],
    ["operator-style fields", (t) => [`csrfToken=${t}&username[$gt]=&password[$gt]=&json=true`, form]],
    ["a missing password", (t) => [`csrfToken=${t}&username=bi-alice&json=true`, form]],
    ["a 10 000-character username", (t) => [`csrfToken=${t}&username=${long(10_000)}&password=x&json=true`, form]],
    ["JSON with operator objects", (t) => [J({ csrfToken: t, username: { $gt: "" }, password: { $ne: null }, json: "true" }), { "content-type": "application/json" }]],
    ["JSON that is an array", () => ["[]", { "content-type": "application/json" }]],
    ["a multipart body that is not multipart", () => ["garbage", { "content-type": "multipart/form-data; boundary=x" }]],
  ])("%s: no 500, no session", async (_label, make) => {
    const c = new ApiClient(app.baseUrl);
    const csrf = (await c.get("/api/auth/csrf")).body.csrfToken;
    const [body, headers] = make(csrf);
    const res = await c.request("POST", callback, body, headers);
    expect(res.status).toBeLessThan(500);
    expect([200, 302, 400, 401]).toContain(res.status);
    expect(res.headers.getSetCookie().some((s) => s.startsWith("next-auth.session-token="))).toBe(false);
    expect((await c.get("/api/auth/session")).body).toEqual({});
    expect((await c.get("/api/conversations")).status).toBe(401);
  });

  it("(control) the same flow with the right credentials does sign in", async () => {
    const c = new ApiClient(app.baseUrl);
    const csrf = (await c.get("/api/auth/csrf")).body.csrfToken;
    const body = new URLSearchParams({ csrfToken: csrf, username: "bi-alice", password: "correct horse battery", json: "true" });
    expect((await c.request("POST", callback, body.toString(), form)).status).toBe(200);
    expect((await c.get("/api/auth/session")).body.user.id).toBe(ids.alice);
  });
});

describe("the health routes", () => {
  it("take no input: query strings, bodies and junk headers change nothing, and other methods are 405", async () => {
    for (const p of ["/api/health", "/api/health/live", "/api/health/ready"]) {
      const res = await fetch(`${app.baseUrl}${p}?verbose=1&x=%00`, { headers: { cookie: "next-auth.session-token=junk", "last-event-id": "junk" } });
      expect({ p, status: res.status }).toEqual({ p, status: 200 });
      expect(await res.json()).toEqual(expect.any(Object));
      expect((await fetch(`${app.baseUrl}${p}`, { method: "POST", body: "{not json" })).status).toBe(405);
    }
  });
});

describe("POST /api/uploads (details in attachments.test.ts)", () => {
  const path = () => "/api/uploads";
  const mp = () => ({ "content-type": "multipart/form-data; boundary=x" });
  runMatrix(() => [
    { label: "a JSON body", method: "POST", path, body: J({ file: "x" }), status: 400, code: BAD },
    { label: "an empty body", method: "POST", path, body: "", status: 400, code: BAD },
    { label: "multipart without a boundary", method: "POST", path, body: "x", headers: { "content-type": "multipart/form-data" }, status: 400, code: BAD },
    { label: "multipart garbage", method: "POST", path, body: "garbage", headers: mp(), status: 400, code: BAD },
    { label: "a field but no file", method: "POST", path, body: '--x\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--x--\r\n', headers: mp(), status: 400, code: BAD },
    { label: "an empty file", method: "POST", path, body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n\r\n--x--\r\n', headers: mp(), status: 400, code: BAD },
    { label: "two files", method: "POST", path, body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\none\r\n--x\r\nContent-Disposition: form-data; name="file"; filename="b.txt"\r\n\r\ntwo\r\n--x--\r\n', headers: mp(), status: 400, code: BAD },
  ]);
});

describe("GET /api/attachments/:id and /thumbnail", () => {
  for (const suffix of ["", "/thumbnail"]) {
    const at = (id: string) => () => `/api/attachments/${id}${suffix}`;
    runMatrix(() => [
      { label: `${suffix || "file"}: an unknown id`, method: "GET", path: at("unknownUpload000000000"), status: 404, code: "not_found:attachment" },
      { label: `${suffix || "file"}: id ../x`, method: "GET", path: at(encodeURIComponent("../x")), status: 400, code: BAD },
      { label: `${suffix || "file"}: a 65-character id`, method: "GET", path: at(long(65)), status: 400, code: BAD },
      { label: `${suffix || "file"}: an id that is a NUL byte`, method: "GET", path: at("%00"), status: 400, code: BAD },
      { label: `${suffix || "file"}: broken %-encoding`, method: "GET", path: at("%ZZ"), status: 400, code: BAD },
    ]);
  }
});

describe("visibility (POST /api/conversations, PATCH /api/conversations/:id)", () => {
  const bad = ["secret", 1, null, ["public"], { $ne: "private" }, "PUBLIC", ""];
  runMatrix(() => [
    ...bad.map((v): Case => ({ label: `create with visibility: ${J(v)}`, method: "POST", path: () => "/api/conversations", body: J({ type: "group", name: "Rejected", visibility: v }), status: 400, code: BAD })),
    ...bad.map((v): Case => ({ label: `patch visibility: ${J(v)}`, method: "PATCH", path: () => `/api/conversations/${group.id}`, body: J({ visibility: v }), status: 400, code: BAD })),
    { label: "patch with neither name nor visibility", method: "PATCH", path: () => `/api/conversations/${group.id}`, body: "{}", status: 400, code: BAD },
  ]);
});

describe("GET /api/channels", () => {
  const q = (query: string) => () => `/api/channels?${query}`;
  runMatrix(() => [
    { label: "limit=0", method: "GET", path: q("limit=0"), status: 400, code: BAD },
    { label: "limit=abc", method: "GET", path: q("limit=abc"), status: 400, code: BAD },
    { label: "limit=101", method: "GET", path: q("limit=101"), status: 400, code: BAD },
    { label: "limit=2.5", method: "GET", path: q("limit=2.5"), status: 400, code: BAD },
    { label: "q of 81 characters", method: "GET", path: q(`q=${long(81)}`), status: 400, code: BAD },
    { label: "q of 4000 characters", method: "GET", path: q(`q=${long(4000)}`), status: 400, code: BAD },
  ]);
  it("treats operators and wildcards in q as plain text", async () => {
    const ids = async (query: string) => {
      const res = await alice.get(`/api/channels?${query}`);
      expect(res.status).toBe(200);
      return res.body.channels.map((c: { id: string }) => c.id);
    };
    expect(await ids("q=open")).toEqual([publicGroup.id]); // control
    expect(await ids("q[$gt]=zzz")).toEqual([publicGroup.id]); // an unknown parameter, ignored
    for (const query of ["q=%25", "q=_", "q=%5C", "q=.*", "q=Open%25", "q=Ope_"]) expect(await ids(query)).toEqual([]);
  });
});

describe("GET /api/search", () => {
  const q = (query: string) => () => `/api/search?${query}`;
  runMatrix(() => [
    { label: "no q", method: "GET", path: q(""), status: 400, code: BAD },
    { label: "q empty", method: "GET", path: q("q="), status: 400, code: BAD },
    { label: "q only spaces", method: "GET", path: q("q=%20%20"), status: 400, code: BAD },
    { label: "q only punctuation (no word)", method: "GET", path: q("q=%22*()"), status: 400, code: BAD },
    { label: "q of 201 characters", method: "GET", path: q(`q=${long(201)}`), status: 400, code: BAD },
    { label: "q of 4000 characters", method: "GET", path: q(`q=${long(4000)}`), status: 400, code: BAD },
    { label: "limit=0", method: "GET", path: q("q=hello&limit=0"), status: 400, code: BAD },
    { label: "limit=51", method: "GET", path: q("q=hello&limit=51"), status: 400, code: BAD },
    { label: "limit=abc", method: "GET", path: q("q=hello&limit=abc"), status: 400, code: BAD },
    { label: "before with a dot", method: "GET", path: q("q=hello&before=a.b"), status: 400, code: BAD },
    { label: "before of 201 characters", method: "GET", path: q(`q=hello&before=${long(201)}`), status: 400, code: BAD },
    { label: "conversationId ../x", method: "GET", path: q(`q=hello&conversationId=${encodeURIComponent("../x")}`), status: 400, code: BAD },
    { label: "conversationId unknown", method: "GET", path: q("q=hello&conversationId=unknownConversation00"), status: 404, code: "not_found:conversation" },
    { label: "conversationId of a group I am not in", method: "GET", path: () => `/api/search?q=carol&conversationId=${carolsGroup.id}`, status: 404, code: "not_found:conversation" },
  ]);
  it("treats operators and FTS syntax in q as words, and a foreign cursor as the end", async () => {
    const found = async (query: string) => {
      const res = await alice.get(`/api/search?${query}&conversationId=${group.id}`);
      expect(res.status).toBe(200);
      return res.body.results.map((r: { message: { id: string } }) => r.message.id);
    };
    expect(await found("q=hello")).toEqual([msg.id]); // control
    expect(await found(`q=${encodeURIComponent('hello OR "carol" NEAR(x) *')}`)).toEqual([]);
    expect(await found(`q=${encodeURIComponent("hel*")}`)).toEqual([msg.id]);
    expect(await found("q[$ne]=x&q=hello")).toEqual([msg.id]);
    expect(await found("q=hello&before=bm90LWEtY3Vyc29y")).toEqual([]);
    const all = await alice.get("/api/search?q=carol");
    expect(all.body.results).toEqual([]); // carol's group: not a member
  });
});

describe("PATCH /api/me", () => {
  runMatrix(() => [...badText("PATCH", () => "/api/me", "displayName", {}, 64), ...bodyShapes("PATCH", () => "/api/me")]);
});

describe("POST /api/me/password", () => {
  const path = () => "/api/me/password";
  const b = (v: object) => J({ currentPassword: "correct horse battery", newPassword: "another good one", ...v });
  runMatrix(() => [
    { label: "an empty object", method: "POST", path, body: "{}", status: 400, code: BAD },
    { label: "currentPassword missing", method: "POST", path, body: J({ newPassword: "another good one" }), status: 400, code: BAD },
    { label: 'currentPassword: {"$ne": ""}', method: "POST", path, body: b({ currentPassword: { $ne: "" } }), status: 400, code: BAD },
    { label: 'newPassword: {"$gt": ""}', method: "POST", path, body: b({ newPassword: { $gt: "" } }), status: 400, code: BAD },
    { label: "newPassword: 7 characters", method: "POST", path, body: b({ newPassword: "1234567" }), status: 400, code: BAD },
    { label: "newPassword: 129 characters", method: "POST", path, body: b({ newPassword: long(129) }), status: 400, code: BAD },
    { label: "a wrong current password", method: "POST", path, body: b({ currentPassword: "wrong wrong wrong" }), status: 403, code: "forbidden:password" },
    ...bodyShapes("POST", path),
  ]);
});

describe("POST /api/conversations/:id/join", () => {
  runMatrix(() => [
    ...badConversationIds("POST", "/join"),
    { label: "a private group of others", method: "POST", path: () => `/api/conversations/${carolsGroup.id}/join`, status: 404, code: "not_found:conversation" },
  ]);
});

// Issue 13's route-input cases (details in security-headers.test.ts and security-limits.test.ts),
// here on every route they apply to: a cross-site request changes nothing (403), the JSON API
// takes JSON bodies only (415), and a body over the cap is refused at once however it arrives.
interface RouteCase {
  method: string;
  route: string;
  path: () => string;
  body?: () => string;
}
const r = (method: string, route: string, path: () => string, body?: () => string): RouteCase => ({ method, route, path, body });
const jsonRoutes = (): RouteCase[] => [
  r("POST", "/api/conversations", () => "/api/conversations", () => J({ type: "group", name: "Forged" })),
  r("PATCH", "/api/conversations/:id", () => `/api/conversations/${group.id}`, () => J({ name: "Forged" })),
  r("POST", "/api/conversations/:id/members", () => `/api/conversations/${group.id}/members`, () => J({ userId: ids.carol })),
  r("POST", "/api/conversations/:id/messages", () => `/api/conversations/${group.id}/messages`, () => J({ text: "forged" })),
  r("POST", "/api/conversations/:id/read", () => `/api/conversations/${group.id}/read`, () => J({ messageId: msg.id })),
  r("POST", "/api/conversations/:id/typing", () => `/api/conversations/${group.id}/typing`, () => J({ typing: true })),
  r("POST", "/api/presence/activity", () => "/api/presence/activity", () => J({})),
  r("PATCH", "/api/messages/:id", () => `/api/messages/${msg.id}`, () => J({ text: "forged" })),
];
const bodilessRoutes = (): RouteCase[] => [
  r("DELETE", "/api/conversations/:id/members/:userId", () => `/api/conversations/${group.id}/members/${ids.bob}`),
  r("DELETE", "/api/messages/:id", () => `/api/messages/${msg.id}`),
  r("PUT", "/api/messages/:id/reactions/:emoji", () => `/api/messages/${msg.id}/reactions/${encodeURIComponent("👍")}`),
  r("DELETE", "/api/messages/:id/reactions/:emoji", () => `/api/messages/${msg.id}/reactions/${encodeURIComponent("👍")}`),
  r("POST", "/api/conversations/:id/join", () => `/api/conversations/${publicGroup.id}/join`),
  r("POST", "/api/uploads", () => "/api/uploads"),
];

describe("cross-site requests on every state-changing route (403, nothing changes)", () => {
  const origins: [string, Record<string, string>][] = [
    ["Origin of another site", { origin: "http://evil.example" }],
    ["Origin of another port of this host", { origin: "http://127.0.0.1:1" }],
    ["Origin: null", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
  ];
  runMatrix(() =>
    origins.flatMap(([label, headers]) => [
      ...jsonRoutes().map((c): Case => ({
        label: `${c.method} ${c.route}: ${label}`,
        method: c.method,
        path: c.path,
        body: c.body,
        headers: { ...headers, "content-type": "application/json" },
        status: 403,
        code: "forbidden:origin",
      })),
      ...bodilessRoutes().map((c): Case => ({ label: `${c.method} ${c.route}: ${label}`, method: c.method, path: c.path, headers, status: 403, code: "forbidden:origin" })),
    ]),
  );
  runMatrix(
    () => origins.map(([label, headers]) => ({ label: `POST /api/register: ${label}`, method: "POST", path: () => "/api/register", body: J({ username: "rejected-xs", password: "password123" }), headers: { ...headers, "content-type": "application/json" }, status: 403, code: "forbidden:origin" })),
    () => new ApiClient(app.baseUrl),
  );
});

describe("bodies that are not JSON on every JSON route (415, nothing changes)", () => {
  const types = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""];
  runMatrix(() =>
    types.flatMap((type) =>
      jsonRoutes().map((c): Case => ({
        label: `${c.method} ${c.route}: content-type ${JSON.stringify(type)}`,
        method: c.method,
        path: c.path,
        body: c.body,
        headers: { "content-type": type },
        status: 415,
        code: "unsupported:content_type",
      })),
    ),
  );
  runMatrix(
    () => types.map((type) => ({ label: `POST /api/register: content-type ${JSON.stringify(type)}`, method: "POST", path: () => "/api/register", body: J({ username: "rejected-415", password: "password123" }), headers: { "content-type": type }, status: 415, code: "unsupported:content_type" })),
    () => new ApiClient(app.baseUrl),
  );
});

describe("bodies over the cap on every JSON route (413 at once, nothing changes)", () => {
  it("a chunked body over 64 KiB, with no Content-Length to refuse up front", async () => {
    for (const { method, route, path } of jsonRoutes()) {
      const res = await sendChunked(alice, method, path(), OVER_64K);
      expect({ route, status: res.status, code: res.body?.error?.code }).toEqual({ route, status: 413, code: "too_large:body" });
    }
    expect(await world()).toEqual(baseline);
  });

  it("a declared 50 MB Content-Length with a few bytes sent is answered 413 without waiting for the rest", async () => {
    for (const { method, route, path } of jsonRoutes()) {
      const head = `${method} ${path()} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${alice.cookieHeader()}\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n`;
      expect({ route, answer: (await partialBody(app.baseUrl, head, '{"text":', 10_000))?.slice(0, 12) }).toEqual({ route, answer: "HTTP/1.1 413" });
    }
    expect(await world()).toEqual(baseline);
  });
});

describe("HEAD /api/stream", () => {
  it("is 405 and opens no stream", async () => {
    const res = await fetch(`${app.baseUrl}/api/stream`, { method: "HEAD", headers: { cookie: alice.cookieHeader() }, signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });
});

describe("just inside the limits (controls)", () => {
  it("accepts 4000 characters of text and a body just under 64 KiB", async () => {
    const text = long(4000, "m");
    const sent = await alice.post(`/api/conversations/${group.id}/messages`, { text, padding: long(60_000) });
    expect(sent.status).toBe(201);
    expect(sent.body.message.text).toBe(text);
    expect((await alice.patch(`/api/messages/${sent.body.message.id}`, { text: ` ${long(4000, "e")} ` })).status).toBe(200);
    expect((await alice.get(`/api/conversations/${group.id}/messages?limit=100&before=${Number.MAX_SAFE_INTEGER}`)).status).toBe(200);
    expect((await alice.get("/api/users?limit=50&q=" + long(64))).status).toBe(200);
  });

  it("registers a username of exactly 32 characters", async () => {
    const res = await new ApiClient(app.baseUrl).post("/api/register", { username: long(32, "z"), password: long(128) });
    expect(res.status).toBe(201);
  });
});

describe("the server log", () => {
  it("holds no unexpected error after all of the above", () => {
    const log = app.output();
    expect(log).not.toMatch(/unexpected error/i);
    expect(log).not.toContain("⨯"); // Next.js's marker for an uncaught error in a route
    expect(log).not.toMatch(/Internal Server Error|SyntaxError|TypeError/);
  });
});
