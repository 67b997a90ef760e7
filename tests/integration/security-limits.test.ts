import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";
import { chunkedUpload, partialBody, Peer } from "../helpers/raw-http";

/**
 * Issue 13's High findings, over real HTTP against `next start`: sign-in and registration limits
 * keyed on the socket address and the normalized username, the per-account limit that cannot be
 * turned into a lockout, and bodies capped before anything reads them whole. Distinct clients are
 * distinct loopback addresses (127.0.0.x), each a real socket address.
 */

let app: AppHandle;
const PASSWORD = "correct horse battery";
const peer = (n: number) => new Peer(app.baseUrl, `127.0.0.${n}`);

/**
 * Sends attempts one after another until the first 429 (or max attempts, then -1 — a failure for
 * the callers). A bucket refills while the attempts run, so callers bound the index by the time.
 */
async function untilLimited(max: number, attempt: (i: number) => Promise<number>) {
  const started = Date.now();
  for (let i = 0; i < max; i++) {
    const status = await attempt(i);
    if (status === 429) return { first429: i, elapsedS: (Date.now() - started) / 1000 };
    expect([200, 201, 401]).toContain(status);
  }
  return { first429: -1, elapsedS: (Date.now() - started) / 1000 };
}

beforeAll(async () => {
  app = await startApp({ name: "security-limits" });
  const owner = new ApiClient(app.baseUrl);
  for (const name of ["eve", "fay", "gus", "hal", "jon"]) await owner.register(name);
});
afterAll(async () => {
  await app?.stop();
});

describe("sign-in limits key on the normalized username", () => {
  it("padding or case does not open new buckets: after 10 wrong guesses even the right password waits", async () => {
    const p = peer(11);
    const variants = [" eve", "  eve", "\teve\n", "EVE", "eve ", " Eve ", "\neve", "eVe", "eve\t", "  EVE  "];
    for (const v of variants) expect(await p.signIn(v, "wrong password")).toBe(401);
    expect(await p.signIn("\t eve \n", PASSWORD)).toBe(429);
    expect(await p.signIn("eve", PASSWORD)).toBe(429);
  });
});

describe("the client address is the socket's unless TRUST_PROXY says otherwise", () => {
  it("rotating X-Forwarded-For does not evade the sign-in limit", async () => {
    const p = peer(12);
    for (let i = 0; i < 10; i++) {
      expect(await p.signIn("fay", "wrong password", { "x-forwarded-for": `198.51.100.${i + 1}` })).toBe(401);
    }
    expect(await p.signIn("fay", PASSWORD, { "x-forwarded-for": "198.51.100.200" })).toBe(429);
    expect(await p.signIn("fay", PASSWORD, { "x-real-ip": "198.51.100.201" })).toBe(429);
  });

  it("rotating X-Forwarded-For does not evade the registration limit (30 per address, then 1/s)", async () => {
    const p = peer(13);
    const { first429, elapsedS } = await untilLimited(45, (i) =>
      p
        .request("POST", "/api/register", {
          body: JSON.stringify({ username: `xff-${i}`, password: PASSWORD }),
          headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i + 1}` },
        })
        .then((r) => r.status),
    );
    expect(first429).toBeGreaterThanOrEqual(30);
    expect(first429).toBeLessThanOrEqual(30 + Math.ceil(elapsedS * 1) + 1);
  });

  it("a client sending the internal peer header does not change its address", async () => {
    const p = peer(14);
    for (let i = 0; i < 10; i++) {
      expect(await p.signIn("gus", "wrong password", { "x-chat-peer-address": `10.0.0.${i}` })).toBe(401);
    }
    expect(await p.signIn("gus", PASSWORD, { "X-Chat-Peer-Address": "10.9.9.9" })).toBe(429);
  });
});

describe("per-address and per-account limits without a lockout button", () => {
  it("an attacker's wrong guesses do not lock the owner out from another address", async () => {
    const attacker = peer(20);
    for (let i = 0; i < 10; i++) await attacker.signIn("hal", "wrong password");
    expect(await attacker.signIn("hal", PASSWORD)).toBe(429);
    expect(await peer(21).signIn("hal", PASSWORD)).toBe(200);
  });

  it("one address spraying many accounts is limited (30 failures, then one per 2 s)", async () => {
    const p = peer(22);
    const { first429, elapsedS } = await untilLimited(60, (i) => p.signIn(`spray-${i}`, "wrong password"));
    expect(first429).toBeGreaterThanOrEqual(30);
    expect(first429).toBeLessThanOrEqual(30 + Math.ceil(elapsedS * 0.5) + 1);
  });

  it("past 50 failures on an account, each new address gets one attempt a minute; known addresses are unaffected", async () => {
    const owner = peer(30);
    expect(await owner.signIn("jon", PASSWORD)).toBe(200); // jon's usual address
    // Six addresses, ten wrong guesses each: past the account's 50, the slow lane applies.
    const statuses: number[] = [];
    for (let a = 31; a <= 36; a++) {
      const p = peer(a);
      for (let i = 0; i < 10; i++) statuses.push(await p.signIn("jon", "wrong password"));
    }
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(50);
    expect(statuses.at(-1)).toBe(429);
    const fresh = peer(37);
    expect(await fresh.signIn("jon", "wrong password")).toBe(401);
    expect(await fresh.signIn("jon", "wrong password")).toBe(429);
    expect(await fresh.signIn("jon", PASSWORD)).toBe(429);
    expect(await peer(38).signIn("jon", PASSWORD)).toBe(200); // a new address still gets its one try
    expect(await owner.signIn("jon", PASSWORD)).toBe(200);
    expect(await owner.signIn("jon", PASSWORD)).toBe(200);
  });

  it("successful sign-ins are not counted", async () => {
    const p = peer(40);
    for (let i = 0; i < 40; i++) expect(await p.signIn("gus", PASSWORD)).toBe(200);
  });
});

describe("bodies are capped before anything buffers them", () => {
  const chunkedHead = (path: string, type = "application/x-www-form-urlencoded") =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n`;

  it.each([70_000, 1024 * 1024, 50 * 1024 * 1024])("a chunked %i-byte body to the sign-in callback gets 413 at once", async (size) => {
    const answer = await chunkedUpload(app.baseUrl, chunkedHead("/api/auth/callback/credentials"), size, 10_000);
    expect(answer?.status).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer!.sentBytes).toBeLessThan(20 * 1024 * 1024); // answered long before a 50 MB body is all sent
  });

  it.each([
    ["/api/auth/signout", "application/x-www-form-urlencoded"],
    ["/api/register", "application/json"],
  ])("a chunked oversized body to %s gets 413 too", async (path, type) => {
    const answer = await chunkedUpload(app.baseUrl, chunkedHead(path, type), 200_000, 10_000);
    expect(answer?.status).toMatch(/^HTTP\/1\.1 413 /);
  });

  it.each([
    ["/api/register", 413],
    ["/api/auth/callback/credentials", 413],
    ["/api/conversations", 401], // no session: refused before the body matters
  ])("a declared 50 MB Content-Length on %s is answered (%i) at once, without waiting for the body", async (path, status) => {
    const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n`;
    expect(await partialBody(app.baseUrl, head, '{"a":', 10_000)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  });

  it("with a session too: a declared 50 MB body to send a message is a 413 at once", async () => {
    const c = new ApiClient(app.baseUrl);
    await c.signUp("kim");
    const conv = await c.post("/api/conversations", { type: "group", name: "caps" });
    const head = `POST /api/conversations/${conv.body.conversation.id}/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${c.cookieHeader()}\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\n\r\n`;
    expect(await partialBody(app.baseUrl, head, '{"text":', 10_000)).toMatch(/^HTTP\/1\.1 413 /);
  });
});

describe("TRUST_PROXY", () => {
  let proxied: AppHandle;
  beforeAll(async () => {
    proxied = await startApp({ name: "trust-proxy", env: { TRUST_PROXY: "1" } });
    await new ApiClient(proxied.baseUrl).register("ivy");
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  it("with one trusted hop, the address the proxy appended is the client; prepending entries does not escape", async () => {
    const p = new Peer(proxied.baseUrl, "127.0.0.60");
    for (let i = 0; i < 10; i++) {
      expect(await p.signIn("ivy", "wrong password", { "x-forwarded-for": `10.${i}.0.1, 192.0.2.7` })).toBe(401);
    }
    expect(await p.signIn("ivy", PASSWORD, { "x-forwarded-for": "192.0.2.7" })).toBe(429);
    expect(await p.signIn("ivy", PASSWORD, { "x-forwarded-for": "192.0.2.8" })).toBe(200);
  });

  it("a malformed TRUST_PROXY stops the start with a message naming it", async () => {
    const err = await startApp({ name: "bad-trust-proxy", env: { TRUST_PROXY: "10.0.0.0/33" } }).then(
      (h) => h.stop().then(() => null),
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/TRUST_PROXY/);
  });
});
