import { beforeEach, describe, expect, it } from "vitest";
import type { ChatStore } from "@/lib/store/chat-store";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { DEFAULT_LIMITS, SseHub, type StreamLimits } from "@/lib/realtime/sse-hub";
import { decodeCursor } from "@/lib/realtime/stream-cursor";
import { SqliteChatStore } from "@/lib/store/sqlite";

function sink() {
  const frames: { id?: string; event: string; data: any }[] = [];
  return {
    frames,
    write(frame: string) {
      if (frame.startsWith(":") || frame.startsWith("retry")) return true;
      const get = (k: string) => frame.match(new RegExp(`^${k}: (.*)$`, "m"))?.[1];
      frames.push({ id: get("id"), event: get("event")!, data: JSON.parse(get("data")!) });
      return true;
    },
    close() {},
  };
}
const flush = () => new Promise((r) => setTimeout(r, 20));

/** Counts calls per store method, to show what a sweep costs. */
function counting(store: ChatStore) {
  const calls: Record<string, number> = {};
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
        return value.apply(target, args);
      };
    },
  });
  return { proxy, calls };
}

let store: SqliteChatStore;
let bus: LocalEventBus;
let a: string, b: string, conv: string;
const hubWith = (limits: Partial<StreamLimits>) => new SseHub(store, bus, { ...DEFAULT_LIMITS, ...limits });

beforeEach(async () => {
  store = new SqliteChatStore("file::memory:");
  await store.init();
  bus = new LocalEventBus();
  a = (await store.createUser({ username: "a", displayName: "A", passwordHash: "x" })).id;
  b = (await store.createUser({ username: "b", displayName: "B", passwordHash: "x" })).id;
  conv = (await store.findOrCreateDirectConversation({ userIds: [a, b] })).conversation.id;
});

describe("stream caps", () => {
  it("refuses a user's stream past the per-user cap and the instance's past its cap", async () => {
    const hub = hubWith({ perUser: 2, perInstance: 3 });
    const first = await hub.connect(b, sink(), null);
    await hub.connect(b, sink(), null);
    expect(hub.overLimit(b)).toBe("user");
    expect(hub.overLimit(a)).toBeNull();
    await hub.connect(a, sink(), null);
    expect(hub.connectionCount).toBe(3);
    expect(hub.overLimit(a)).toBe("instance");
    hub.disconnect(first);
    hub.disconnect(first); // twice: counted once
    expect(hub.connectionCount).toBe(2);
    expect(hub.overLimit(b)).toBeNull();
  });
});

describe("bounded replay", () => {
  async function missed(n: number) {
    const hub = hubWith({ replayEvents: 5 });
    const s1 = sink();
    const c1 = await hub.connect(b, s1, null);
    await flush();
    const cursor = decodeCursor(s1.frames.at(-1)!.id!)!;
    hub.disconnect(c1);
    for (let i = 0; i < n; i++) await store.appendMessage({ conversationId: conv, senderId: a, text: `m${i}` });
    const s2 = sink();
    await hub.connect(b, s2, cursor);
    await flush();
    return { hub, s2 };
  }

  it("replays a short gap in full", async () => {
    const { s2 } = await missed(5);
    expect(s2.frames.map((f) => f.event)).toEqual([...Array(5).fill("message.created"), "ready"]);
  });

  it("past the limit sends `reset` with a cursor at the head instead of the backlog, then goes live", async () => {
    const { hub, s2 } = await missed(6);
    expect(s2.frames.map((f) => f.event)).toEqual(["reset", "ready"]);
    expect(decodeCursor(s2.frames[0].id!)!.get(conv)).toBe((await store.findConversation(conv))!.lastSeq);
    const { event } = await store.appendMessage({ conversationId: conv, senderId: a, text: "live" });
    await bus.publish(event!);
    await flush();
    expect(s2.frames.at(-1)!.data.message.text).toBe("live");
    expect(hub.connectionCount).toBe(1);
  });

  it("cuts a replay short once it has written the byte budget", async () => {
    const hub = hubWith({ replayEvents: 10_000, replayBytes: 2_000 });
    for (let i = 0; i < 300; i++) await store.appendMessage({ conversationId: conv, senderId: a, text: "x".repeat(100) });
    const s = sink();
    await hub.connect(b, s, decodeCursor(`v1:${conv}.1`));
    await flush();
    const events = s.frames.map((f) => f.event);
    expect(events.slice(-2)).toEqual(["reset", "ready"]);
    expect(events.filter((e) => e === "message.created").length).toBeLessThan(300);
    expect(decodeCursor(s.frames.at(-1)!.id!)!.get(conv)).toBe(301);
  });
});

describe("sweep cost", () => {
  it("asks the store once per pass, however many people are connected, and nothing per person", async () => {
    const { proxy, calls } = counting(store);
    const hub = new SseHub(proxy, bus);
    for (let i = 0; i < 50; i++) {
      const u = (await store.createUser({ username: `u${i}`, displayName: `U${i}`, passwordHash: "x" })).id;
      await store.findOrCreateDirectConversation({ userIds: [a, u] });
      await hub.connect(u, sink(), null);
    }
    const before = { ...calls };
    await hub.sweep();
    await hub.sweep();
    const delta = (k: string) => (calls[k] ?? 0) - (before[k] ?? 0);
    expect(delta("listChangesSince")).toBe(2);
    expect(delta("listMembershipCursors")).toBe(0);
    expect(delta("listEventsSince")).toBe(0); // nothing was missed
  });
});
