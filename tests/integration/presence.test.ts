import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type SseClient } from "../helpers/api-client";
import { startApp, type AppHandle } from "../helpers/app-server";

/**
 * Presence and typing in the embedded mode, over real HTTP and real streams: they reach the people
 * who share a conversation and nobody else, and they are never part of the conversation's history.
 */
let app: AppHandle;
let alice: ApiClient, bob: ApiClient, carol: ApiClient, stranger: ApiClient;
const ids = {} as Record<"alice" | "bob" | "carol" | "stranger", string>;
let group: { id: string };
let dm: { id: string };
const open: SseClient[] = [];

async function stream(c: ApiClient) {
  const s = await c.openStream();
  open.push(s);
  await s.waitForReady();
  return s;
}

beforeAll(async () => {
  app = await startApp({ name: "presence" });
  [alice, bob, carol, stranger] = [0, 1, 2, 3].map(() => new ApiClient(app.baseUrl));
  ids.alice = (await alice.signUp("pr-alice", undefined, "Alice Adams")).id;
  ids.bob = (await bob.signUp("pr-bob")).id;
  ids.carol = (await carol.signUp("pr-carol")).id;
  ids.stranger = (await stranger.signUp("pr-stranger")).id;
  group = (await alice.post("/api/conversations", { type: "group", name: "Crew", memberIds: [ids.bob] })).body.conversation;
  dm = (await carol.post("/api/conversations", { type: "direct", userId: ids.stranger })).body.conversation;
});
afterAll(async () => {
  open.forEach((s) => s.close());
  await app?.stop();
});

describe("presence", () => {
  it("a peer sees me online from my first stream; a stranger never learns it", async () => {
    const sb = await stream(bob);
    const ss = await stream(stranger);
    expect(sb.presenceOf(ids.alice)).toBe("offline");
    const sa = await stream(alice);
    await sb.waitForSignal(() => sb.presenceOf(ids.alice) === "online", 15_000, "alice online");
    // The newcomer's own snapshot lists the peers that are here.
    await sa.waitForSignal((ss2) => ss2.some((s) => s.event === "presence" && s.data.full && s.data.users[ids.bob] === "online"));
    expect((await bob.get("/api/presence")).body.presence).toMatchObject({ [ids.alice]: "online" });
    // The stranger: a sentinel (carol, who shares a DM with them, connecting) arrives after alice's change.
    await stream(carol);
    await ss.waitForSignal(() => ss.presenceOf(ids.carol) === "online", 15_000, "carol online (sentinel)");
    expect(JSON.stringify(ss.signals)).not.toContain(ids.alice);
    expect(JSON.stringify(ss.signals)).not.toContain(ids.bob);
    const seen = (await stranger.get("/api/presence")).body.presence;
    expect(Object.keys(seen).sort()).toEqual([ids.carol, ids.stranger].sort());
  });

  it("activity is accepted (204) and keeps me online", async () => {
    const res = await alice.post("/api/presence/activity", {});
    expect(res.status).toBe(204);
    expect((await bob.get("/api/presence")).body.presence[ids.alice]).toBe("online");
  });

  it("goes offline 30 s after the last stream closes, not at once (a reload does not flicker)", async () => {
    const sb = await stream(bob);
    const extra = await alice.openStream();
    await extra.waitForReady();
    await sb.waitForSignal(() => sb.presenceOf(ids.alice) === "online");
    for (const s of open.filter((s) => s.isOpen)) if (s !== sb) s.close();
    extra.close();
    // A quick reload: a new stream within the grace keeps alice online throughout.
    const reloaded = await alice.openStream();
    await reloaded.waitForReady();
    reloaded.close();
    const reloadClosedAt = Date.now();
    await sb.waitForSignal(() => sb.presenceOf(ids.alice) === "offline", 60_000, "alice offline");
    const offlineAfter = Date.now() - reloadClosedAt;
    expect(offlineAfter).toBeGreaterThanOrEqual(25_000); // 30 s grace, measured from the client
    expect(sb.signals.filter((s) => s.event === "presence" && s.data.users[ids.alice] === "offline")).toHaveLength(1);
    expect((await bob.get("/api/presence")).body.presence[ids.alice]).toBeUndefined();
  }, 90_000);
});

describe("typing", () => {
  it("shows the typer to the other members live, then clears when their message arrives", async () => {
    const sb = await stream(bob);
    const sa = await stream(alice);
    const typers = (s: SseClient) => s.signals.filter((e) => e.event === "typing" && e.data.conversationId === group.id).map((e) => e.data.userIds);
    expect((await alice.post(`/api/conversations/${group.id}/typing`, { typing: true })).status).toBe(204);
    await sb.waitForSignal(() => typers(sb).some((u) => u.includes(ids.alice)), 15_000, "alice typing");
    expect((await alice.post(`/api/conversations/${group.id}/typing`, {})).status).toBe(204); // a renewal: no new frame
    expect((await alice.post(`/api/conversations/${group.id}/messages`, { text: "all done" })).status).toBe(201);
    await sb.waitForSignal(() => JSON.stringify(typers(sb).at(-1)) === "[]", 15_000, "typing cleared");
    await sa.waitForSignal(() => JSON.stringify(typers(sa).at(-1)) === "[]", 15_000, "typing cleared on the typer's own stream");
    expect(typers(sb)).toEqual([[ids.alice], []]);
    expect(typers(sa)).toEqual([[ids.alice], []]); // the typer's own streams get it too (the UI hides self)
    // Ephemeral: nothing of it in the history or the chat events.
    const history = (await bob.get(`/api/conversations/${group.id}/messages?limit=100`)).body.messages;
    expect(history.map((m: { kind?: string; text?: string }) => m.kind ?? m.text)).toEqual(["all done", "system"]);
    expect(sb.events.some((e) => e.event === "typing")).toBe(false);
  });

  it("expires 6 s after the last signal; typing:false stops at once", async () => {
    const sb = await stream(bob);
    const typers = () => sb.signals.filter((e) => e.event === "typing" && e.data.conversationId === group.id).map((e) => e.data.userIds);
    await alice.post(`/api/conversations/${group.id}/typing`, { typing: true });
    await sb.waitForSignal(() => typers().length === 1);
    const shownAt = Date.now();
    await sb.waitForSignal(() => typers().length === 2, 20_000, "expiry");
    expect(Date.now() - shownAt).toBeGreaterThanOrEqual(4_000); // ~6 s, measured from the client
    expect(typers()).toEqual([[ids.alice], []]);
    await alice.post(`/api/conversations/${group.id}/typing`, { typing: true });
    await sb.waitForSignal(() => typers().length === 3);
    const stoppedAt = Date.now();
    await alice.post(`/api/conversations/${group.id}/typing`, { typing: false });
    await sb.waitForSignal(() => typers().length === 4);
    expect(Date.now() - stoppedAt).toBeLessThan(4_000);
  }, 60_000);

  it("a non-member cannot signal typing (404), and never sees members typing", async () => {
    const ss = await stream(stranger);
    const sb = await stream(bob);
    const res = await stranger.post(`/api/conversations/${group.id}/typing`, { typing: true });
    expect(res.status).toBe(404);
    await alice.post(`/api/conversations/${group.id}/typing`, { typing: true });
    await sb.waitForSignal((s) => s.some((e) => e.event === "typing" && e.data.userIds.includes(ids.alice)));
    // Sentinel: carol typing in the stranger's DM arrives after alice's signal (one in-process bus).
    await carol.post(`/api/conversations/${dm.id}/typing`, { typing: true });
    await ss.waitForSignal((s) => s.some((e) => e.event === "typing" && e.data.conversationId === dm.id));
    expect(ss.signals.filter((e) => e.event === "typing").every((e) => e.data.conversationId === dm.id)).toBe(true);
    expect(sb.signals.some((e) => e.event === "typing" && e.data.userIds.includes(ids.stranger))).toBe(false);
  });
});
