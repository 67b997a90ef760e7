import { beforeEach, describe, expect, it } from "vitest";
import { PRESENCE_RULES } from "@/lib/chat/presence";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { PresenceRelay } from "@/lib/realtime/presence-relay";
import { startPusherAwareness } from "@/lib/realtime/pusher-awareness";
import type { PusherEventBus } from "@/lib/realtime/pusher-bus";
import { LocalSignalBus } from "@/lib/realtime/signal-bus";
import { SseHub } from "@/lib/realtime/sse-hub";
import { TypingRelay } from "@/lib/realtime/typing-relay";
import { SqliteChatStore } from "@/lib/store/sqlite";

/**
 * The pusher mode's presence and typing wiring, over a real store and the real relays, with a
 * stand-in for the Pusher HTTP API (the real one is exercised against Sockudo in
 * tests/integration/pusher-mode.test.ts): who the API says is connected becomes presence, and the
 * relays' changes are sent to exactly the members' channels, in order.
 */
let now = 1_000_000;
const clock = () => now;
let store: SqliteChatStore;
let occupied: string[] | Error;
let sent: { userIds: string[]; name: string; data: any }[];
let a: string, b: string, c: string, conv: string;
const poll = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });

const fakeBus = {
  occupiedUserChannels: async () => {
    if (occupied instanceof Error) throw occupied;
    return occupied;
  },
  signal: async (userIds: readonly string[], name: string, data: unknown) => void sent.push({ userIds: [...userIds].sort(), name, data }),
} as unknown as PusherEventBus;

function wire() {
  const signals = new LocalSignalBus();
  const bus = new LocalEventBus();
  const hub = new SseHub(store, bus);
  const presence = new PresenceRelay(store, hub, signals, "i1", PRESENCE_RULES, clock);
  presence.start();
  const typing = new TypingRelay(hub, signals, bus, undefined, clock);
  typing.start();
  const stop = startPusherAwareness(fakeBus, store, presence, typing, 20);
  return { signals, presence, stop: () => (stop(), presence.stop(), typing.stop()) };
}

beforeEach(async () => {
  store = new SqliteChatStore("file::memory:");
  await store.init();
  occupied = [];
  sent = [];
  const user = async (n: string) => (await store.createUser({ username: n, displayName: n, passwordHash: "x" })).id;
  [a, b, c] = [await user("a"), await user("b"), await user("c")];
  conv = (await store.findOrCreateDirectConversation({ userIds: [a, b] })).conversation.id;
});

describe("pusher awareness", () => {
  it("a subscribed user channel is online for the people who share a conversation, never a stranger; offline after the grace", async () => {
    const w = wire();
    try {
      occupied = [`private-user-${a}`, "private-user-", "private-other"];
      await poll(() => w.presence.status(a)).toBe("online");
      await poll(() => sent.find((s) => s.name === "presence")).toEqual({ userIds: [a, b].sort(), name: "presence", data: { full: false, users: { [a]: "online" } } });
      expect(sent.flatMap((s) => s.userIds)).not.toContain(c);

      occupied = [];
      await new Promise((r) => setTimeout(r, 100)); // a few polls: the channel is empty now
      expect(w.presence.status(a)).toBe("online"); // the grace period (a reload does not flicker)
      now += PRESENCE_RULES.offlineGraceMs + 1;
      w.presence.tick();
      await poll(() => sent.some((s) => s.name === "presence" && s.data.users[a] === "offline")).toBe(true);
    } finally {
      w.stop();
    }
  });

  it("keeps the last answer while the Pusher API is down (no flash of everyone offline)", async () => {
    const w = wire();
    try {
      occupied = [`private-user-${a}`];
      await poll(() => w.presence.status(a)).toBe("online");
      occupied = new Error("connect ECONNREFUSED");
      await new Promise((r) => setTimeout(r, 100));
      now += PRESENCE_RULES.offlineGraceMs + 1;
      w.presence.tick();
      expect(w.presence.status(a)).toBe("online");
    } finally {
      w.stop();
    }
  });

  it("sends typing lists to the conversation's members, a start before its stop", async () => {
    const w = wire();
    try {
      await w.signals.publish({ kind: "typing", at: now, conversationId: conv, userId: a, typing: true });
      await w.signals.publish({ kind: "typing", at: now, conversationId: conv, userId: a, typing: false });
      await poll(() => sent.filter((s) => s.name === "typing")).toEqual([
        { userIds: [a, b].sort(), name: "typing", data: { conversationId: conv, userIds: [a] } },
        { userIds: [a, b].sort(), name: "typing", data: { conversationId: conv, userIds: [] } },
      ]);
    } finally {
      w.stop();
    }
  });
});
