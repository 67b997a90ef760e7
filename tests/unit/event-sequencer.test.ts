import { describe, expect, it } from "vitest";
import type { ChatEvent } from "@/lib/chat/types";
import { EventSequencer, type EventsPage } from "@/components/chat/live/event-sequencer";

const msg = (conversationId: string, seq: number): ChatEvent =>
  ({ type: "read.updated", conversationId, seq, at: "2026-01-01T00:00:00Z", userId: "u", lastReadSeq: seq }) as ChatEvent;

/** A fake /api/events over an in-memory log per conversation, answering like the server. */
function server(log: Record<string, number>) {
  const calls: (string | null)[] = [];
  let fail = 0;
  const fetchEvents = async (cursor: string | null): Promise<EventsPage> => {
    calls.push(cursor);
    if (fail > 0) {
      fail--;
      throw new Error("offline");
    }
    const head = "v1:" + Object.entries(log).map(([id, s]) => `${id}.${s}`).join(",");
    if (!cursor) return { events: [], cursor: head, more: false, reset: false };
    const from = new Map(cursor.slice(3).split(",").filter(Boolean).map((p) => [p.split(".")[0], Number(p.split(".")[1])] as const));
    const events: ChatEvent[] = [];
    for (const [id, last] of Object.entries(log)) for (let s = (from.get(id) ?? 0) + 1; s <= last; s++) events.push(msg(id, s));
    return { events, cursor: head, more: false, reset: false };
  };
  return { calls, fetchEvents, failNext: (n: number) => (fail = n) };
}

function setup(log: Record<string, number>) {
  const srv = server(log);
  const delivered: string[] = [];
  const seq = new EventSequencer("me", { deliver: (e) => delivered.push(`${e.conversationId}:${e.seq}`), reset: () => delivered.push("reset") }, srv.fetchEvents);
  return { srv, delivered, seq };
}

describe("EventSequencer (pusher mode: at-most-once delivery made gap-free)", () => {
  it("starts at the head, then delivers the next events in order and drops repeats", async () => {
    const { srv, delivered, seq } = setup({ a: 3 });
    await seq.sync();
    expect(srv.calls).toEqual([null]);
    seq.offer(msg("a", 4));
    seq.offer(msg("a", 4));
    seq.offer(msg("a", 3));
    expect(delivered).toEqual(["a:4"]);
    expect(seq.cursor).toBe("v1:a.4");
  });

  it("fills a gap from the store before the event that revealed it", async () => {
    const log = { a: 2 };
    const { srv, delivered, seq } = setup(log);
    await seq.sync();
    log.a = 6; // 3, 4, 5 were lost; 6 arrives
    seq.offer(msg("a", 6));
    await expect.poll(() => delivered, { timeout: 15_000 }).toEqual(["a:3", "a:4", "a:5", "a:6"]);
    expect(srv.calls).toEqual([null, "v1:a.2"]);
  });

  it("replays what was missed after a reconnect, deduplicating late live copies", async () => {
    const log = { a: 1, b: 5 };
    const { delivered, seq } = setup(log);
    await seq.sync();
    log.a = 3;
    log.b = 6;
    await seq.sync();
    seq.offer(msg("b", 6));
    seq.offer(msg("a", 2));
    expect(delivered).toEqual(["a:2", "a:3", "b:6"]);
  });

  it("fetches an event announced by a notice (too large to send)", async () => {
    const log = { a: 1 };
    const { delivered, seq } = setup(log);
    await seq.sync();
    log.a = 2;
    seq.notice("a", 2);
    await seq.sync();
    expect(delivered).toEqual(["a:2"]);
  });

  it("follows a conversation I am added to from its member.added, without a fetch", async () => {
    const { srv, delivered, seq } = setup({});
    await seq.sync();
    seq.offer({ type: "member.added", conversationId: "n", seq: 7, at: "", actorId: null, userId: "me", member: {} } as unknown as ChatEvent);
    seq.offer(msg("n", 8));
    expect(delivered).toEqual(["n:7", "n:8"]);
    expect(srv.calls).toEqual([null]);
  });

  it("holds events while the store cannot be reached and delivers them, in order, once it can", async () => {
    const log = { a: 1 };
    const { srv, delivered, seq } = setup(log);
    await seq.sync();
    srv.failNext(1);
    log.a = 4;
    seq.offer(msg("a", 4));
    await seq.sync();
    expect(delivered).toEqual([]);
    await expect.poll(() => delivered, { timeout: 15_000 }).toEqual(["a:2", "a:3", "a:4"]);
    seq.stop();
  });

  it("passes a reset on and starts again from the head", async () => {
    const { delivered, seq } = setup({ a: 1 });
    await seq.sync();
    const reset = new EventSequencer("me", { deliver: (e) => delivered.push(`${e.conversationId}:${e.seq}`), reset: () => delivered.push("reset") }, async () => ({
      events: [],
      cursor: "v1:a.900",
      more: false,
      reset: true,
    }));
    await reset.sync();
    await reset.sync();
    expect(delivered).toEqual(["reset", "reset"]);
    expect(reset.cursor).toBe("v1:a.900");
  });
});
