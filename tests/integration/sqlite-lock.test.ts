import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, tempDir, type AppHandle } from "../helpers/app-server";
import { holdWriteLock } from "../helpers/faults";

/**
 * Another process holding SQLite's write lock (a second instance, a backup, an admin's sqlite3):
 * sends wait for it up to SQLITE_BUSY_TIMEOUT_MS, then answer 503 unavailable:store with
 * Retry-After — never a 500 — while health and reads keep answering.
 */
const BUSY_TIMEOUT_MS = 1500;
let app: AppHandle;
let alice: ApiClient;
let conv: { id: string };
const dbFile = () => path.join(app.dataDir, "chat.db");
const health = async () => {
  const res = await fetch(`${app.baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
  return { status: res.status, body: await res.json() };
};
const send = (text: string, clientId: string) => alice.post(`/api/conversations/${conv.id}/messages`, { text, clientId });

beforeAll(async () => {
  app = await startApp({ name: "sqlite-lock", env: { SQLITE_BUSY_TIMEOUT_MS: String(BUSY_TIMEOUT_MS) } });
  alice = new ApiClient(app.baseUrl);
  await alice.signUp("lock-alice");
  conv = (await alice.post("/api/conversations", { type: "group", name: "Locked" })).body.conversation;
});
afterAll(async () => app?.stop());

describe("a second process holds the write lock", () => {
  it("for less than the busy timeout: every send waits for it and then succeeds", async () => {
    const lock = await holdWriteLock(dbFile());
    const sends = Array.from({ length: 10 }, (_, i) =>
      send(`wait ${i}`, `wait-${i}`).then((r) => ({ status: r.status, at: Date.now() })),
    );
    // The event loop is not blocked by the waiting sends: health and reads answer meanwhile.
    const during = await health();
    expect(during.status).toBe(200);
    expect((await alice.get(`/api/conversations/${conv.id}/messages`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, BUSY_TIMEOUT_MS / 3));
    await lock.release();
    const results = await Promise.all(sends);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const r of results) expect(r.at).toBeGreaterThanOrEqual(lock.releasedAt!); // they waited, not failed
  });

  it("past the busy timeout: 503 unavailable:store with Retry-After, nothing committed, health degraded; a retry after release commits once", async () => {
    const lock = await holdWriteLock(dbFile());
    try {
      const res = await send("too late", "late-1");
      expect(res.status).toBe(503);
      expect(res.body.error).toEqual({ code: "unavailable:store", message: expect.stringMatching(/busy/) });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const h = await health();
      expect(h.status).toBe(200);
      expect(h.body).toMatchObject({ status: "degraded", store: { reachable: true, writable: false, error: { reason: "busy" } } });
      const ready = await fetch(`${app.baseUrl}/api/health/ready`);
      expect(ready.status).toBe(200); // reads still work: stay in rotation
    } finally {
      await lock.release();
    }
    const retry = await send("too late", "late-1");
    expect(retry.status).toBe(201);
    expect((await send("too late", "late-1")).status).toBe(200); // the same clientId: the original, not a copy
    const texts = (await alice.get(`/api/conversations/${conv.id}/messages?limit=100`)).body.messages.map((m: { text: string }) => m.text);
    expect(texts.filter((t: string) => t === "too late")).toHaveLength(1);
    expect((await health()).body).toMatchObject({ status: "ok", store: { writable: true, error: null } });
  });

  it("logs one line per refused request, without a stack, and never 'unexpected error'", () => {
    const lines = app.output().split("\n").filter((l) => l.includes("[store] unavailable"));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines[0]).toMatch(/\[store\] unavailable \(busy\): appendMessage: still locked after \d+ ms/);
    expect(app.output()).not.toMatch(/unexpected error|^\s+at /m);
  });
});

describe("the database is locked when the app starts", () => {
  it("keeps retrying and says so, answers health and requests at once meanwhile, and serves once the lock goes", async () => {
    const dir = tempDir();
    const file = path.join(dir, "chat.db");
    const lock = await holdWriteLock(file, { exclusive: true }); // a fresh rollback-journal file: even reads wait
    let late: AppHandle | undefined;
    try {
      late = await startApp({ name: "locked-at-start", dataDir: dir, env: { SQLITE_BUSY_TIMEOUT_MS: "300" } });
      const h = await fetch(`${late.baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      expect(h.status).toBe(503);
      expect(await h.json()).toMatchObject({ status: "down", store: { connected: false, reachable: false } });
      expect((await fetch(`${late.baseUrl}/api/health/ready`)).status).toBe(503);
      expect((await fetch(`${late.baseUrl}/api/health/live`)).status).toBe(200);
      const reg = await new ApiClient(late.baseUrl).post("/api/register", { username: "early", password: "password123" });
      expect(reg.status).toBe(503);
      expect(reg.body.error.code).toBe("unavailable:store");
      // Signing in needs the store too: 503, not next-auth's 401 with the driver's words in a URL.
      const signIn = new ApiClient(late.baseUrl);
      expect(await signIn.login("early", "password123")).toBe(503);
      await waitFor(() => /store not available yet \(busy/.test(late!.output()), "a retry notice in the log");
      await lock.release();
      await waitFor(async () => (await fetch(`${late!.baseUrl}/api/health/ready`)).status === 200, "ready after the lock went");
      expect((await new ApiClient(late.baseUrl).post("/api/register", { username: "later", password: "password123" })).status).toBe(201);
      expect(late.output()).not.toMatch(/unexpected error|cannot start/);
    } finally {
      await lock.release();
      await late?.stop();
    }
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
