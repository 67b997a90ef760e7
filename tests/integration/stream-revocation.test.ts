import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "@/lib/store/sqlite";
import { ApiClient, type SseClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";

/**
 * A live stream ends with its sign-in, over real HTTP: signing out (in another tab or on another
 * device holding the same sign-in) ends that sign-in's open streams at once; a revocation made
 * elsewhere — a password change, which ends every other sign-in through the store, possibly on
 * another instance — ends them within SSE_SESSION_CHECK_MS. Other sign-ins' streams keep
 * delivering, and the ended stream's reconnect is refused.
 */
const CHECK_MS = 1000;
let app: AppHandle;

beforeAll(async () => {
  app = await startApp({ name: "stream-revocation", env: { SSE_SESSION_CHECK_MS: String(CHECK_MS) } });
});
afterAll(async () => app?.stop());

async function signOut(c: ApiClient) {
  const csrf = await c.get("/api/auth/csrf");
  const res = await c.request("POST", "/api/auth/signout", new URLSearchParams({ csrfToken: csrf.body.csrfToken, json: "true" }).toString(), {
    "content-type": "application/x-www-form-urlencoded",
  });
  expect(res.status).toBe(200);
}

/** True once the server has ended the stream; false if it is still open after `ms` (a generous bound). */
async function endsWithin(s: SseClient, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const ended = await Promise.race([s.done.then(() => true), open]);
  clearTimeout(timer);
  return ended;
}

async function stream(c: ApiClient) {
  const s = await c.openStream();
  expect(s.status).toBe(200);
  await s.waitForReady(15_000);
  return s;
}

async function delivered(s: SseClient, c: ApiClient, conversationId: string, text: string) {
  const sent = await c.post(`/api/conversations/${conversationId}/messages`, { text });
  expect(sent.status).toBe(201);
  await s.waitFor((evs) => evs.some((e) => e.event === "message.created" && e.data.message.text === text), 15_000, text);
}

describe("open live streams end with their sign-in", () => {
  it("signing out ends that sign-in's streams in every tab; the person's other sign-in keeps streaming", async () => {
    const phone = new ApiClient(app.baseUrl);
    await phone.signUp("rev-ann");
    const tab = sameSignIn(phone); // another tab of the phone's browser: a copy of its cookie
    const phoneCookie = phone.cookieHeader();
    const laptop = new ApiClient(app.baseUrl);
    expect(await laptop.login("rev-ann")).toBe(200);
    const bob = new ApiClient(app.baseUrl);
    await bob.signUp("rev-bob");
    const g = (await bob.post("/api/conversations", { type: "group", name: "Revocation", memberIds: [phone.user!.id] })).body.conversation;

    const [phoneStream, tabStream, laptopStream] = [await stream(phone), await stream(tab), await stream(laptop)];
    await delivered(phoneStream, bob, g.id, "before sign-out");

    await signOut(tab);
    expect(await endsWithin(phoneStream, 20_000)).toBe(true);
    expect(await endsWithin(tabStream, 20_000)).toBe(true);
    const count = phoneStream.events.length;

    await delivered(laptopStream, bob, g.id, "after sign-out");
    expect(phoneStream.events.length).toBe(count); // nothing reached the ended streams
    const again = await fetch(`${app.baseUrl}/api/stream`, { headers: { cookie: phoneCookie } });
    expect(again.status).toBe(401); // the EventSource's reconnect is refused, so it stops
    await again.body?.cancel();
    laptopStream.close();
  });

  it("a revocation made elsewhere (a password change through the store) ends the other sign-ins' streams within the check interval", async () => {
    const keeper = new ApiClient(app.baseUrl);
    const carol = await keeper.signUp("rev-carol");
    const other = new ApiClient(app.baseUrl);
    expect(await other.login("rev-carol")).toBe(200);
    const dave = new ApiClient(app.baseUrl);
    await dave.signUp("rev-dave");
    const g = (await dave.post("/api/conversations", { type: "group", name: "Password", memberIds: [carol.id] })).body.conversation;
    const [kept, revoked] = [await stream(keeper), await stream(other)];

    // What a password change does (lib/chat/sessions.ts revokeSessions), from another process on
    // the same database, as another instance would: every sign-in of carol's but the keeper's
    // (her first one; the store numbers nothing, so the order of creation tells them apart).
    const store = createSqliteStore(`file:${path.join(app.dataDir, "chat.db")}`);
    await store.init();
    try {
      const sessions = await Promise.all((await liveSessionIds(carol.id)).map((id) => store.findSession(id)));
      expect(sessions).toHaveLength(2);
      const [first] = sessions.sort((x, y) => x!.createdAt.localeCompare(y!.createdAt));
      expect(await store.revokeSessions({ userId: carol.id, exceptSessionId: first!.id })).toBe(1);
    } finally {
      await store.close();
    }

    expect(await endsWithin(revoked, 20 * CHECK_MS)).toBe(true);
    expect((await other.openStream()).status).toBe(401);
    await delivered(kept, dave, g.id, "the keeper still hears this");
    expect(await endsWithin(kept, 2 * CHECK_MS)).toBe(false);
    kept.close();
  });
});

/** The ids of a person's live sign-ins, read from the database file. */
async function liveSessionIds(userId: string): Promise<string[]> {
  const Database = (await import("better-sqlite3")).default;
  const db = new Database(path.join(app.dataDir, "chat.db"), { readonly: true });
  try {
    return (db.prepare("SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL").all(userId) as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

/** Another client holding a copy of `c`'s session cookie (a second tab, or a copied cookie). */
function sameSignIn(c: ApiClient): ApiClient {
  const copy = new ApiClient(c.baseUrl);
  const jar = (x: ApiClient) => (x as unknown as { cookies: Map<string, string> }).cookies;
  for (const [k, v] of jar(c)) jar(copy).set(k, v);
  copy.user = c.user;
  return copy;
}
