import { describe, expect, it } from "vitest";
import { SessionWatch } from "@/lib/realtime/session-watch";

describe("SessionWatch", () => {
  it("asks once per sign-in, not per stream, and ends only the streams of sign-ins that ended", async () => {
    const asked: string[] = [];
    const dead = new Set(["s2"]);
    const watch = new SessionWatch(async ({ sessionId }) => (asked.push(sessionId), !dead.has(sessionId)), 60_000);
    const ended: string[] = [];
    watch.watch("s1", "u1", () => ended.push("s1-a"));
    watch.watch("s1", "u1", () => ended.push("s1-b"));
    watch.watch("s2", "u1", () => ended.push("s2-a"));
    watch.watch("s2", "u1", () => ended.push("s2-b"));
    await watch.sweep();
    expect(asked.sort()).toEqual(["s1", "s2"]);
    expect(ended.sort()).toEqual(["s2-a", "s2-b"]);
    expect(watch.watchedSessions).toBe(1);
    watch.stop();
  });

  it("ends nothing when the store cannot answer (an outage is not a revocation)", async () => {
    const watch = new SessionWatch(async () => {
      throw new Error("store unreachable");
    }, 60_000);
    let ended = false;
    watch.watch("s1", "u1", () => (ended = true));
    await watch.sweep();
    expect(ended).toBe(false);
    watch.stop();
  });

  it("checks one person's sign-ins on demand, and forgets a stream once it is unwatched", async () => {
    const asked: string[] = [];
    const watch = new SessionWatch(async ({ sessionId }) => (asked.push(sessionId), false), 60_000);
    let ended = 0;
    const unwatch = watch.watch("a1", "alice", () => ended++);
    watch.watch("b1", "bob", () => ended++);
    await watch.checkUser("alice");
    expect(asked).toEqual(["a1"]);
    expect(ended).toBe(1);
    unwatch();
    expect(watch.watchedSessions).toBe(1);
    watch.stop();
  });
});
