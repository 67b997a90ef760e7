import { describe, expect, it, vi } from "vitest";
import type { ChatEvent } from "@/lib/chat/types";
import { withPeerPresence } from "@/components/chat/live/peer-presence";
import type { StreamSink } from "@/components/chat/stream-connection";

const ME = "me";

function sinkSpy() {
  const signals: [string, unknown][] = [];
  const events: ChatEvent[] = [];
  const sink: StreamSink = {
    setConnection: () => {},
    resync: () => {},
    reset: () => {},
    handleEvent: (e) => events.push(e),
    handleSignal: (name, data) => signals.push([name, data]),
  };
  return { sink, signals, events };
}

const event = (e: Partial<ChatEvent> & { type: ChatEvent["type"] }) => ({ conversationId: "c1", seq: 2, at: "2026-11-29T00:00:00.000Z", ...e }) as ChatEvent;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("withPeerPresence (the SSE transport's sink)", () => {
  it("asks for everyone's status once a conversation brings me new people, and passes the event on first", async () => {
    const { sink, signals, events } = sinkSpy();
    const fetch = vi.fn(async () => ({ presence: { bob: "online" } }));
    const wrapped = withPeerPresence(sink, ME, fetch);
    wrapped.handleEvent(event({ type: "conversation.created", conversation: { id: "c1", members: [] } } as never));
    wrapped.handleEvent(event({ type: "member.added", userId: ME } as never));
    await settle();
    expect(events).toHaveLength(2);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(signals).toEqual([
      ["presence", { full: true, users: { bob: "online" } }],
      ["presence", { full: true, users: { bob: "online" } }],
    ]);
  });

  it("does not ask for other events, someone else being added, or when the request fails", async () => {
    const { sink, signals, events } = sinkSpy();
    const fetch = vi.fn(async () => ({ presence: {} }));
    const wrapped = withPeerPresence(sink, ME, fetch);
    wrapped.handleEvent(event({ type: "message.created" } as never));
    wrapped.handleEvent(event({ type: "member.added", userId: "carol" } as never));
    await settle();
    expect(events).toHaveLength(2);
    expect(fetch).not.toHaveBeenCalled();

    const failing = withPeerPresence(sink, ME, async () => Promise.reject(new Error("offline")));
    failing.handleEvent(event({ type: "conversation.created", conversation: { id: "c2", members: [] } } as never));
    await settle();
    expect(signals).toEqual([]);
  });
});
