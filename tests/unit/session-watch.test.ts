import { describe, expect, it } from "vitest";
import { SessionWatch, type SessionSource } from "@/lib/realtime/session-watch";

/** A store stand-in that counts what the watch asks (the watch's rules are under test, not a store). */
function source(opts: { revoked?: string[]; expiry?: Record<string, string | null>; dead?: string[]; failing?: boolean } = {}) {
  const asked = { isLive: [] as string[], expiry: [] as string[], revokedSince: [] as string[] };
  const fail = async () => {
    throw new Error("store unreachable");
  };
  const src: SessionSource = {
    isLive: async ({ sessionId }) => (opts.failing ? fail() : (asked.isLive.push(sessionId), !opts.dead?.includes(sessionId))),
    expiry: async (sessionId) => (opts.failing ? fail() : (asked.expiry.push(sessionId), opts.expiry && sessionId in opts.expiry ? opts.expiry[sessionId] : new Date(Date.now() + 3600e3).toISOString())),
    revokedSince: async (since) => (opts.failing ? fail() : (asked.revokedSince.push(since), opts.revoked ?? [])),
  };
  return { src, asked };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("SessionWatch", () => {
  it("asks the store once per pass, however many sign-ins are watched, and ends only the revoked ones' streams", async () => {
    const { src, asked } = source({ revoked: ["s2", "not-watched"] });
    const watch = new SessionWatch(src, 60_000);
    const ended: string[] = [];
    for (let i = 3; i < 500; i++) watch.watch(`s${i}`, `u${i}`, () => ended.push(`s${i}`));
    watch.watch("s1", "u1", () => ended.push("s1-a"));
    watch.watch("s1", "u1", () => ended.push("s1-b"));
    watch.watch("s2", "u1", () => ended.push("s2-a"));
    watch.watch("s2", "u1", () => ended.push("s2-b"));
    await settle();
    expect(asked.expiry).toHaveLength(499); // once per sign-in, when its first stream opens
    await watch.sweep();
    await watch.sweep();
    expect(asked.revokedSince).toHaveLength(2);
    expect(asked.isLive).toEqual([]);
    expect(ended.sort()).toEqual(["s2-a", "s2-b"]);
    expect(watch.watchedSessions).toBe(498);
    watch.stop();
  });

  it("ends an expired sign-in's streams without asking the store, and one found revoked when first watched", async () => {
    const { src, asked } = source({ expiry: { soon: new Date(Date.now() + 50).toISOString(), gone: null } });
    const watch = new SessionWatch(src, 60_000);
    const ended: string[] = [];
    watch.watch("soon", "u1", () => ended.push("soon"));
    watch.watch("later", "u1", () => ended.push("later"));
    watch.watch("gone", "u2", () => ended.push("gone"));
    await settle();
    expect(ended).toEqual(["gone"]);
    await new Promise((r) => setTimeout(r, 60));
    await watch.sweep();
    expect(ended).toEqual(["gone", "soon"]);
    expect(asked.isLive).toEqual([]);
    watch.stop();
  });

  it("asks back past its last pass by the clock skew, so a revocation stamped by a slow clock is not missed", async () => {
    const { src, asked } = source();
    const watch = new SessionWatch(src, 60_000);
    watch.watch("s1", "u1", () => {});
    const before = Date.now();
    await watch.sweep();
    await watch.sweep();
    expect(Date.parse(asked.revokedSince[1])).toBeLessThanOrEqual(before - 15_000 + 50);
    watch.stop();
  });

  it("ends nothing when the store cannot answer (an outage is not a revocation), and checks whole the sign-ins it could not read", async () => {
    const down = source({ failing: true });
    const watch = new SessionWatch(down.src, 60_000);
    let ended = false;
    watch.watch("s1", "u1", () => (ended = true));
    await settle();
    await watch.sweep();
    expect(ended).toBe(false);
    watch.stop();

    const { src, asked } = source({ dead: ["s1"] });
    const back = new SessionWatch({ ...src, expiry: down.src.expiry }, 60_000);
    back.watch("s1", "u1", () => (ended = true));
    await settle();
    await back.sweep();
    expect(asked.isLive).toEqual(["s1"]);
    expect(ended).toBe(true);
    back.stop();
  });

  it("checks one person's sign-ins on demand, and forgets a stream once it is unwatched", async () => {
    const { src, asked } = source({ dead: ["a1", "b1"] });
    const watch = new SessionWatch(src, 60_000);
    let ended = 0;
    const unwatch = watch.watch("a1", "alice", () => ended++);
    watch.watch("b1", "bob", () => ended++);
    await watch.checkUser("alice");
    expect(asked.isLive).toEqual(["a1"]);
    expect(ended).toBe(1);
    unwatch();
    expect(watch.watchedSessions).toBe(1);
    watch.stop();
  });
});
