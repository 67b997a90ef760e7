import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type SseClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";

let app: AppHandle;
const client = () => new ApiClient(app.baseUrl);

beforeAll(async () => {
  app = await startApp({
    name: "stream-limits",
    env: { SSE_MAX_STREAMS_PER_USER: "2", SSE_MAX_STREAMS: "4", SSE_REPLAY_MAX_EVENTS: "5" },
  });
});
afterAll(async () => app?.stop());

/** Closes streams and waits until the server has let go of them (a new one is accepted). */
async function closeAll(streams: SseClient[], probe: ApiClient) {
  for (const s of streams) s.close();
  for (let i = 0; i < 100; i++) {
    const s = await probe.openStream();
    s.close();
    if (s.status === 200) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("streams were not released");
}

describe("stream caps", () => {
  it("answers 429 with Retry-After past the per-user cap, and frees the slot when a stream closes", async () => {
    const a = client();
    await a.signUp("cap-user");
    const open = [await a.openStream(), await a.openStream()];
    expect(open.map((s) => s.status)).toEqual([200, 200]);
    const res = await fetch(`${app.baseUrl}/api/stream`, { headers: { cookie: a.cookieHeader() } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json()).error.code).toBe("rate_limited:streams_per_user");
    open[0].close();
    await closeAll([open[1]], a);
  });

  it("answers 429 past the per-instance cap", async () => {
    const people = [client(), client(), client()];
    for (const [i, p] of people.entries()) await p.signUp(`cap-inst-${i}`);
    const open = [...(await Promise.all([people[0].openStream(), people[0].openStream()])), ...(await Promise.all([people[1].openStream(), people[1].openStream()]))];
    expect(open.every((s) => s.status === 200)).toBe(true);
    const res = await fetch(`${app.baseUrl}/api/stream`, { headers: { cookie: people[2].cookieHeader() } });
    expect(res.status).toBe(429);
    expect((await res.json()).error.code).toBe("rate_limited:streams_per_instance");
    await closeAll(open, people[2]);
  });
});

describe("bounded replay", () => {
  it("past SSE_REPLAY_MAX_EVENTS a resume gets `reset` (refetch) instead of the backlog, then live events", async () => {
    const a = client();
    const b = client();
    await a.signUp("replay-a");
    const ub = await b.signUp("replay-b");
    const conv = (await a.post("/api/conversations", { type: "direct", userId: ub.id })).body.conversation;
    const s1 = await b.openStream();
    await s1.waitForReady();
    const lastId = s1.lastEventId!;
    s1.close();
    for (let i = 0; i < 6; i++) expect((await a.post(`/api/conversations/${conv.id}/messages`, { text: `m${i}` })).status).toBe(201);

    const s2 = await b.openStream({ lastEventId: lastId });
    await s2.waitForReady();
    expect(s2.events.map((e) => e.event)).toEqual(["reset", "ready"]);
    expect(s2.events[0].id).toContain(`${conv.id}.7`);
    await a.post(`/api/conversations/${conv.id}/messages`, { text: "live" });
    await s2.waitFor((es) => es.some((e) => e.data?.message?.text === "live"));
    s2.close();

    // A short gap still replays in full.
    const s3 = await b.openStream({ lastEventId: s2.lastEventId });
    await s3.waitForReady();
    expect(s3.events.map((e) => e.event)).toEqual(["ready"]);
    s3.close();
  });
});

describe("stream transport", () => {
  it("is not compressed for a gzip-accepting client (frames would sit in the compressor)", async () => {
    const a = client();
    await a.signUp("gzip-user");
    const { headers, first } = await new Promise<{ headers: http.IncomingHttpHeaders; first: string }>((resolve, reject) => {
      const req = http.get(`${app.baseUrl}/api/stream`, { headers: { cookie: a.cookieHeader(), "accept-encoding": "gzip, deflate, br" } }, (res) => {
        res.once("data", (chunk: Buffer) => {
          resolve({ headers: res.headers, first: chunk.toString("utf8") });
          req.destroy();
        });
      });
      req.on("error", reject);
    });
    expect(headers["content-encoding"]).toBeUndefined();
    expect(headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(first).toMatch(/^retry: 2000\n\n/);
  });

  it("answers only GET", async () => {
    const a = client();
    await a.signUp("head-user");
    const res = await fetch(`${app.baseUrl}/api/stream`, { method: "HEAD", headers: { cookie: a.cookieHeader() } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });
});
