import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, tempDir, type AppHandle } from "../helpers/app-server";

/**
 * The message forms' server actions over real HTTP against `next start`, posted as a browser
 * without JavaScript posts them (multipart, the action id as a form field): the same origin rule,
 * session check and use case rules as the JSON routes, answered with a 303 back to the page — and
 * never a 500, whatever the body.
 */
let app: AppHandle;
let alice: ApiClient;
let bob: ApiClient;
let carol: ApiClient;
let dm: string;
let actions: { send: string; edit: string; del: string };
let firstId: string;

const PASSWORD = "correct horse battery";

/** The action ids of the page's composer, edit and delete forms (`?edit=` shows the last two). */
async function formActions(as: ApiClient, conversationId: string, messageId: string) {
  const html = (await as.get(`/chat/${conversationId}?edit=${messageId}`)).body as string;
  const forms = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]);
  const id = (form: string | undefined) => form?.match(/name="(\$ACTION_ID_[0-9a-f]+)"/)?.[1] ?? "";
  return {
    send: id(forms.find((f) => f.includes('name="clientId"'))),
    edit: id(forms.find((f) => f.includes('name="messageId"') && f.includes('name="text"'))),
    del: id(forms.find((f) => f.includes('name="messageId"') && !f.includes('name="text"'))),
  };
}

async function post(as: ApiClient | null, action: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.set(action, "");
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = await fetch(`${app.baseUrl}/chat/${dm}`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { origin: app.baseUrl, "sec-fetch-site": "same-origin", ...(as ? { cookie: as.cookieHeader() } : {}), ...headers },
  });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get("location") };
}

/** Message texts, oldest first (the timeline's system entries have no sender). */
const texts = async () =>
  ((await alice.get(`/api/conversations/${dm}/messages`)).body.messages as { senderId?: string; text: string | null }[])
    .filter((m) => m.senderId)
    .map((m) => m.text)
    .reverse();

beforeAll(async () => {
  app = await startApp({ dataDir: tempDir("chat-actions-"), name: "actions" });
  alice = new ApiClient(app.baseUrl);
  bob = new ApiClient(app.baseUrl);
  carol = new ApiClient(app.baseUrl);
  await alice.signUp("alice", PASSWORD, "Alice Smith");
  const b = await bob.signUp("bob", PASSWORD, "Bob Jones");
  await carol.signUp("carol", PASSWORD, "Carol King");
  dm = (await alice.post("/api/conversations", { type: "direct", userId: b.id })).body.conversation.id;
  const first = await alice.post(`/api/conversations/${dm}/messages`, { text: "first" });
  expect(first.status).toBe(201);
  firstId = first.body.message.id;
  actions = await formActions(alice, dm, firstId);
});

afterAll(async () => {
  await app?.stop();
});

describe("message forms posted without JavaScript", () => {
  it("the page carries the three forms", () => {
    expect(actions.send).toMatch(/^\$ACTION_ID_/);
    expect(actions.edit).toMatch(/^\$ACTION_ID_/);
    expect(actions.del).toMatch(/^\$ACTION_ID_/);
    expect(new Set(Object.values(actions)).size).toBe(3);
  });

  it("sends and answers 303 back to the conversation", async () => {
    const res = await post(alice, actions.send, { conversationId: dm, text: "from a form", clientId: "form-a" });
    expect(res).toEqual({ status: 303, location: `/chat/${dm}?notice=sent#latest` });
    expect(await texts()).toEqual(["first", "from a form"]);
  });

  it("refuses a cross-site post (403 forbidden:origin) and stores nothing", async () => {
    const res = await post(alice, actions.send, { conversationId: dm, text: "csrf" }, { origin: "https://evil.test", "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
    const sameSite = await post(alice, actions.send, { conversationId: dm, text: "csrf" }, { origin: "http://localhost:1", "sec-fetch-site": "same-site" });
    expect(sameSite.status).toBe(403);
    expect(await texts()).toEqual(["first", "from a form"]);
  });

  it("sends a signed-out or forged session to sign in", async () => {
    const none = await post(null, actions.send, { conversationId: dm, text: "anon" });
    expect(none).toEqual({ status: 303, location: expect.stringMatching(/^\/login\?callbackUrl=%2Fchat%2F/) });
    const forged = await post(null, actions.send, { conversationId: dm, text: "anon" }, { cookie: "next-auth.session-token=forged" });
    expect(forged).toEqual({ status: 303, location: `/login?callbackUrl=${encodeURIComponent(`/chat/${dm}`)}` });
    expect(await texts()).toEqual(["first", "from a form"]);
  });

  it("applies the use case's rules: not a member, not your message", async () => {
    expect((await post(carol, actions.send, { conversationId: dm, text: "let me in" })).location).toBe(`/chat/${dm}?notice=not_found#latest`);
    const mine = firstId;
    expect((await post(bob, actions.edit, { conversationId: dm, messageId: mine, text: "bob's" })).location).toBe(`/chat/${dm}?notice=not_yours#latest`);
    expect((await post(bob, actions.del, { conversationId: dm, messageId: mine })).location).toBe(`/chat/${dm}?notice=not_yours#latest`);
    expect((await post(alice, actions.send, { conversationId: dm, text: "z".repeat(4001) })).location).toBe(`/chat/${dm}?notice=too_long#latest`);
    expect(await texts()).toEqual(["first", "from a form"]);
  });

  it("answers an oversized body with 413, a streamed one with 411, an unknown action with a 4xx: never a 500", async () => {
    const big = await post(alice, actions.send, { conversationId: dm, text: "a".repeat(100_000) });
    expect(big.status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        const boundary = "----x";
        c.enqueue(new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="${actions.send}"\r\n\r\n\r\n--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n`));
        for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(10_000).fill(97));
        c.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
        c.close();
      },
    });
    const streamed = await fetch(`${app.baseUrl}/chat/${dm}`, {
      method: "POST",
      body: chunks,
      duplex: "half",
      redirect: "manual",
      headers: { cookie: alice.cookieHeader(), origin: app.baseUrl, "content-type": "multipart/form-data; boundary=----x" },
    } as RequestInit);
    await streamed.arrayBuffer();
    expect(streamed.status).toBe(411);
    const unknown = await post(alice, "$ACTION_ID_00deadbeef00deadbeef00deadbeef00deadbeef00", { conversationId: dm, text: "?" });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
    expect(await texts()).toEqual(["first", "from a form"]);
  });
});
