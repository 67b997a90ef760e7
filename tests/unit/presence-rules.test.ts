import { describe, expect, it } from "vitest";
import { LocalPresence, PRESENCE_RULES, PresenceTable } from "@/lib/chat/presence";
import { TypingTable, TYPING_TTL_MS } from "@/lib/chat/typing";
import { decodeSignal, SIGNAL_MAX_AGE_MS } from "@/lib/realtime/signal-bus";

const { awayAfterMs, offlineGraceMs, leaseMs } = PRESENCE_RULES;

describe("local presence (one instance's streams)", () => {
  it("is online with a stream open, and stays online through a reload", () => {
    const p = new LocalPresence();
    p.open("u", 0);
    expect(p.status("u", 1)).toBe("online");
    p.close("u", 1_000);
    expect(p.status("u", 1_000 + offlineGraceMs - 1)).toBe("online");
    p.open("u", 2_000); // the reloaded page
    expect(p.status("u", 1_000 + offlineGraceMs + 10)).toBe("online");
  });

  it("goes offline 30 s after the last of several streams closes, not after the first", () => {
    const p = new LocalPresence();
    p.open("u", 0);
    p.open("u", 0);
    p.close("u", 1_000);
    expect(p.status("u", 1_000 + offlineGraceMs + 1)).toBe("online");
    p.close("u", 2_000);
    expect(p.status("u", 2_000 + offlineGraceMs - 1)).toBe("online");
    expect(p.status("u", 2_000 + offlineGraceMs)).toBe("offline");
    expect(p.statuses(2_000 + offlineGraceMs).has("u")).toBe(false);
  });

  it("is away after 5 min without activity, online again on activity", () => {
    const p = new LocalPresence();
    p.open("u", 0);
    expect(p.status("u", awayAfterMs - 1)).toBe("online");
    expect(p.status("u", awayAfterMs)).toBe("away");
    expect(p.activity("u", awayAfterMs + 5)).toBe(true);
    expect(p.status("u", awayAfterMs + 6)).toBe("online");
    expect(p.activity("nobody", 1)).toBe(false);
  });

  it("ignores a close without an open", () => {
    const p = new LocalPresence();
    p.close("u", 0);
    expect(p.status("u", 0)).toBe("offline");
  });
});

describe("presence table (every instance's reports merged)", () => {
  it("takes the best status across instances", () => {
    const t = new PresenceTable();
    t.report("i1", { u: "away" }, true, 0);
    expect(t.status("u")).toBe("away");
    t.report("i2", { u: "online" }, true, 0);
    expect(t.status("u")).toBe("online");
    t.report("i2", { u: "offline" }, false, 1);
    expect(t.status("u")).toBe("away");
  });

  it("a full report replaces what the instance said before", () => {
    const t = new PresenceTable();
    t.report("i1", { u: "online", v: "online" }, true, 0);
    expect(t.report("i1", { v: "online" }, true, 10).sort()).toEqual(["u", "v"]);
    expect(t.status("u")).toBe("offline");
    expect(t.status("v")).toBe("online");
  });

  it("drops an instance silent for the lease (a crash): its people go offline", () => {
    const t = new PresenceTable();
    t.report("crashed", { u: "online" }, true, 0);
    t.report("alive", { v: "online" }, true, 0);
    expect(t.expire(leaseMs - 1)).toEqual([]);
    t.report("alive", { v: "online" }, true, leaseMs - 1);
    expect(t.expire(leaseMs)).toEqual(["u"]);
    expect(t.status("u")).toBe("offline");
    expect(t.status("v")).toBe("online");
  });
});

describe("typing table", () => {
  it("reports a new typer, not a renewal; expires 6 s after the last signal", () => {
    const t = new TypingTable();
    expect(t.start("c", "alice", 0)).toBe(true);
    expect(t.start("c", "alice", 3_000)).toBe(false);
    expect(t.start("c", "bob", 3_000)).toBe(true);
    expect(t.list("c")).toEqual(["alice", "bob"]);
    expect(t.expire(TYPING_TTL_MS + 1)).toEqual([]); // renewed at 3 s
    expect(t.expire(3_000 + TYPING_TTL_MS)).toEqual(["c"]);
    expect(t.list("c")).toEqual([]);
    expect(t.size).toBe(0);
  });

  it("stops at once, and says whether anything changed", () => {
    const t = new TypingTable();
    t.start("c", "alice", 0);
    expect(t.stop("c", "alice")).toBe(true);
    expect(t.stop("c", "alice")).toBe(false);
    expect(t.list("c")).toEqual([]);
  });
});

describe("signal decoding", () => {
  it("drops malformed and stale signals", () => {
    const now = 1_000_000;
    expect(decodeSignal("{", now)).toBeNull();
    expect(decodeSignal(JSON.stringify({ kind: "other", at: now }), now)).toBeNull();
    expect(decodeSignal(JSON.stringify({ kind: "activity", userId: "u" }), now)).toBeNull();
    expect(decodeSignal(JSON.stringify({ kind: "activity", at: now - SIGNAL_MAX_AGE_MS - 1, userId: "u" }), now)).toBeNull();
    expect(decodeSignal(JSON.stringify({ kind: "activity", at: now - 10, userId: "u" }), now)).toEqual({ kind: "activity", at: now - 10, userId: "u" });
  });
});
