import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";

/**
 * Signing out ends the session on the server: a copy of the cookie taken before sign-out (what a
 * stolen cookie is) stops working on the API, the stream, the pages and /api/auth/session, which
 * must not renew it. Other sign-ins of the same person are untouched.
 */

let app: AppHandle;
beforeAll(async () => {
  app = await startApp({ name: "sessions" });
});
afterAll(async () => {
  await app?.stop();
});

async function signOut(c: ApiClient) {
  const csrf = await c.get("/api/auth/csrf");
  const res = await c.request("POST", "/api/auth/signout", new URLSearchParams({ csrfToken: csrf.body.csrfToken, json: "true" }).toString(), {
    "content-type": "application/x-www-form-urlencoded",
  });
  expect(res.status).toBe(200);
}

describe("sign-out ends the session server-side", () => {
  it("a copy of the cookie from before sign-out no longer works anywhere", async () => {
    const c = new ApiClient(app.baseUrl);
    await c.signUp("sess-ann");
    const stolen = c.cookieHeader();
    const cookie = { cookie: stolen };
    const conv = await c.post("/api/conversations", { type: "group", name: "Before" });
    expect(conv.status).toBe(201);

    await signOut(c);

    const raw = (path: string, init: RequestInit = {}) => fetch(app.baseUrl + path, { redirect: "manual", ...init, headers: { ...cookie, ...(init.headers ?? {}) } });
    const api = await raw("/api/conversations");
    expect(api.status).toBe(401);
    expect(api.headers.get("cache-control")).toBe("no-store");
    const send = await raw(`/api/conversations/${conv.body.conversation.id}/messages`, {
      method: "POST",
      body: JSON.stringify({ text: "after sign-out" }),
      headers: { "content-type": "application/json" },
    });
    expect(send.status).toBe(401);
    const stream = await raw("/api/stream");
    expect(stream.status).toBe(401);
    await stream.body?.cancel();
    const page = await raw("/chat");
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/login/);

    const session = await raw("/api/auth/session");
    expect(await session.json()).toEqual({});
    // Not renewed: any session cookie in the answer clears it.
    for (const c of session.headers.getSetCookie().filter((s) => s.includes("session-token"))) {
      expect(c).toMatch(/session-token=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    }
  });

  it("signing out on one device leaves the person's other sign-ins working", async () => {
    const phone = new ApiClient(app.baseUrl);
    await phone.signUp("sess-bo");
    const laptop = new ApiClient(app.baseUrl);
    expect(await laptop.login("sess-bo")).toBe(200);
    await signOut(phone);
    expect((await phone.get("/api/conversations")).status).toBe(401);
    expect((await laptop.get("/api/conversations")).status).toBe(200);
    expect((await laptop.get("/api/auth/session")).body.user.username).toBe("sess-bo");
  });

  it("a live session is renewed by /api/auth/session and keeps working", async () => {
    const c = new ApiClient(app.baseUrl);
    await c.signUp("sess-cy");
    const res = await c.get("/api/auth/session");
    expect(res.body.user.username).toBe("sess-cy");
    expect(res.headers.getSetCookie().some((s) => /next-auth\.session-token=[^;]+/.test(s))).toBe(true);
    expect((await c.get("/api/conversations")).status).toBe(200);
  });

  it("a forged cookie costs one log line, not a stack", async () => {
    const before = app.output().split("\n").length;
    const res = await fetch(app.baseUrl + "/api/auth/session", { headers: { cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z" } });
    expect(await res.json()).toEqual({});
    await new Promise((r) => setTimeout(r, 200));
    const added = app.output().split("\n").slice(before - 1).filter((l) => l.trim());
    expect(added.length).toBeLessThanOrEqual(1);
    expect(added.join("\n")).not.toMatch(/\n\s+at /);
  });
});
