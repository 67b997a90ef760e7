import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { ROOT, startApp, type AppHandle } from "../helpers/app-server";

/**
 * Issue 13's CSRF, header and low findings over real HTTP: one origin rule for every state change
 * (routes, next-auth, server actions), JSON-only API bodies, security headers on every kind of
 * response with a per-request nonce CSP on pages, forwarding headers ignored without TRUST_PROXY,
 * owner-only database files, and limits on conversation changes.
 */

let app: AppHandle;
let alice: ApiClient;
let group: { id: string };

beforeAll(async () => {
  app = await startApp({ name: "security-headers" });
  alice = new ApiClient(app.baseUrl);
  await alice.signUp("hdr-alice");
  group = (await alice.post("/api/conversations", { type: "group", name: "Headers" })).body.conversation;
});
afterAll(async () => {
  await app?.stop();
});

const messages = async () => (await alice.get(`/api/conversations/${group.id}/messages?limit=100`)).body.messages as unknown[];

describe("state changes need a same-origin request (CSRF)", () => {
  const send = (body: string, headers: Record<string, string>) =>
    alice.request("POST", `/api/conversations/${group.id}/messages`, body, headers);

  it.each([
    ["text/plain from another site", "text/plain", { origin: "http://evil.example" }],
    ["a form from another port of this host", "application/x-www-form-urlencoded", { origin: "http://127.0.0.1:1" }],
    ["multipart from another site", "multipart/form-data; boundary=x", { origin: "http://evil.example" }],
    ["JSON from another site", "application/json", { origin: "http://evil.example" }],
    ["an opaque origin", "application/json", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", "application/json", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", "application/json", { "sec-fetch-site": "same-site", origin: "http://127.0.0.1:1" }],
  ])("%s is a 403 and sends nothing", async (_label, contentType, headers) => {
    const before = (await messages()).length;
    const res = await send(JSON.stringify({ text: "forged" }), { "content-type": contentType, ...headers });
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 403, code: "forbidden:origin" });
    expect((await messages()).length).toBe(before);
  });

  it("every state-changing method goes through the same rule", async () => {
    const evil = { origin: "http://evil.example", "content-type": "application/json" };
    const sent = (await alice.post(`/api/conversations/${group.id}/messages`, { text: "mine" })).body.message;
    for (const [method, p] of [
      ["PATCH", `/api/messages/${sent.id}`],
      ["DELETE", `/api/messages/${sent.id}`],
      ["PATCH", `/api/conversations/${group.id}`],
      ["POST", "/api/conversations"],
      ["POST", `/api/conversations/${group.id}/read`],
      ["POST", "/api/register"],
      ["POST", "/api/auth/signout"],
      ["POST", "/api/auth/callback/credentials"],
    ]) {
      const res = await alice.request(method, p, "{}", evil);
      expect({ route: `${method} ${p}`, status: res.status }).toEqual({ route: `${method} ${p}`, status: 403 });
    }
    expect((await alice.get("/api/conversations")).status).toBe(200); // still signed in
  });

  it("same-origin browsers and non-browser clients pass", async () => {
    const url = new URL(app.baseUrl);
    expect((await send(JSON.stringify({ text: "from the page" }), { "content-type": "application/json", origin: url.origin })).status).toBe(201);
    expect((await send(JSON.stringify({ text: "fetch metadata" }), { "content-type": "application/json", "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect((await send(JSON.stringify({ text: "a script" }), { "content-type": "application/json" })).status).toBe(201);
  });

  it("the JSON API takes JSON bodies only (415), even without an Origin", async () => {
    const before = (await messages()).length;
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const res = await send(JSON.stringify({ text: "not json typed" }), type ? { "content-type": type } : { "content-type": "" });
      expect({ type, status: res.status, code: res.body?.error?.code }).toEqual({ type, status: 415, code: "unsupported:content_type" });
    }
    expect((await messages()).length).toBe(before);
  });

  it("a server action from another origin is a 403, garbage or deep arguments a 400 — never a 500", async () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${app.baseUrl}/register`, { method: "POST", body, headers: { "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8", ...headers } });
    expect((await post("[]", { origin: "http://evil.example" })).status).toBe(403);
    expect((await post("garbage", {})).status).toBe(400);
    expect((await post("[".repeat(5000) + "]".repeat(5000), {})).status).toBe(400);
    expect((await post(`["${"a".repeat(70_000)}"]`, {})).status).toBe(413);
    expect(app.output()).not.toMatch(/Maximum call stack|is not valid JSON/);
  });
});

describe("security headers", () => {
  const base = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
  };

  it.each(["/login", "/register", "/", "/no-such-page", "/chat"])("the page %s carries them and a nonce CSP", async (p) => {
    const res = await fetch(app.baseUrl + p, { redirect: "manual", headers: { cookie: alice.cookieHeader() } });
    for (const [k, v] of Object.entries(base)) expect(res.headers.get(k), `${p} ${k}`).toBe(v);
    expect(res.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/'unsafe-inline'/); // for scripts and styles alike
    expect(csp).toMatch(/(^|; )style-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(res.headers.get("strict-transport-security")).toBeNull(); // http here
    const html = await res.clone().text();
    // Nothing in the markup that the style policy would block (Next's own 404 had both).
    expect(html).not.toMatch(/<style[\s>]|\sstyle="/);
    if (res.status === 200) {
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    }
  });

  it("the nonce differs on every response", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) nonces.add((await fetch(app.baseUrl + "/login")).headers.get("content-security-policy")!);
    expect(nonces.size).toBe(3);
  });

  it.each(["/api/health", "/api/conversations", "/api/no-such-route", "/api/auth/csrf", "/api/uploads", "/api/attachments/unknownUpload000000000", "/api/stream"])("the API answer %s carries them and a lock-down CSP", async (p) => {
    const res = await fetch(app.baseUrl + p);
    for (const [k, v] of Object.entries(base)) expect(res.headers.get(k), `${p} ${k}`).toBe(v);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'; frame-ancestors 'none'/);
  });

  it("static scripts carry nosniff", async () => {
    const html = await (await fetch(app.baseUrl + "/login")).text();
    const src = /<script src="([^"]+)"/.exec(html)![1];
    const res = await fetch(app.baseUrl + src);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("HSTS is sent when the public URL is https", async () => {
    const https = await startApp({ name: "hsts", env: { NEXTAUTH_URL: "https://chat.example.test" } });
    try {
      for (const p of ["/login", "/api/health"]) {
        expect((await fetch(https.baseUrl + p)).headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      }
    } finally {
      await https.stop();
    }
  });
});

describe("the low findings", () => {
  it("without TRUST_PROXY, X-Forwarded-Host does not steer next-auth's URLs", async () => {
    const res = await fetch(app.baseUrl + "/api/auth/signin", { redirect: "manual", headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } });
    expect(res.headers.get("location") ?? "").not.toMatch(/evil\.example/);
    const providers = await (await fetch(app.baseUrl + "/api/auth/providers", { headers: { "x-forwarded-host": "evil.example" } })).json();
    expect(JSON.stringify(providers)).not.toMatch(/evil\.example/);
    expect(JSON.stringify(providers)).toContain(new URL(app.baseUrl).host);
  });

  it("the database files and a new data directory are the owner's only", async () => {
    for (const f of ["chat.db", "chat.db-wal", "chat.db-shm"]) {
      expect((fs.statSync(path.join(app.dataDir, f)).mode & 0o777).toString(8)).toBe("600");
    }
    const nested = path.join(app.dataDir, "fresh", "inner");
    const other = await startApp({ name: "modes", env: { DATABASE_URL: `file:${path.join(nested, "chat.db")}` } });
    try {
      expect((fs.statSync(nested).mode & 0o777).toString(8)).toBe("700");
      expect((fs.statSync(path.join(nested, "chat.db")).mode & 0o777).toString(8)).toBe("600");
    } finally {
      await other.stop();
    }
    expect(fs.existsSync(ROOT)).toBe(true);
  });

  it("HEAD /api/stream does not open a stream", async () => {
    const res = await fetch(app.baseUrl + "/api/stream", { method: "HEAD", headers: { cookie: alice.cookieHeader() }, signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(405);
  });

  it("401 answers are not cached", async () => {
    const res = await fetch(app.baseUrl + "/api/conversations");
    expect(res.status).toBe(401);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("creating, renaming and adding to conversations is rate limited per user (100, then 1/s)", async () => {
    const c = new ApiClient(app.baseUrl);
    await c.signUp("hdr-burst");
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 110 && !statuses.includes(429); i++) {
      const op = i % 2 === 0 ? c.post("/api/conversations", { type: "group", name: `g${i}` }) : c.patch(`/api/conversations/${group.id}`, { name: "x" });
      statuses.push((await op).status);
    }
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThanOrEqual(100);
    expect(first429).toBeLessThanOrEqual(100 + Math.ceil((Date.now() - started) / 1000) + 1);
    const limited = await c.post("/api/conversations", { type: "group", name: "over" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
