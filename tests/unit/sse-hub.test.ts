import { beforeEach, describe, expect, it } from "vitest";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { SseHub } from "@/lib/realtime/sse-hub";
import { decodeCursor } from "@/lib/realtime/stream-cursor";
import { SqliteChatStore } from "@/lib/store/sqlite";

/** Collects SSE frames like a client would. */
function sink() {
  const frames: { id?: string; event: string; data: any }[] = [];
  return {
    frames,
    open: true,
    write(frame: string) {
      if (!this.open) return false;
      if (frame.startsWith(":") || frame.startsWith("retry")) return true;
      const get = (k: string) => frame.match(new RegExp(`^${k}: (.*)$`, "m"))?.[1];
      frames.push({ id: get("id"), event: get("event")!, data: JSON.parse(get("data")!) });
      return true;
    },
    close() {
      this.open = false;
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 20));

let store: SqliteChatStore;
let bus: LocalEventBus;
let hub: SseHub;
let a: string, b: string, conv: string;

beforeEach(async () => {
  store = new SqliteChatStore("file::memory:");
  await store.init();
  bus = new LocalEventBus();
  hub = new SseHub(store, bus);
  a = (await store.createUser({ username: "a", displayName: "A", passwordHash: "x" })).id;
  b = (await store.createUser({ username: "b", displayName: "B", passwordHash: "x" })).id;
  conv = (await store.findOrCreateDirectConversation({ userIds: [a, b] })).conversation.id;
});

const send = async (text: string, publish = true) => {
  const { event } = await store.appendMessage({ conversationId: conv, senderId: a, text });
  if (publish) await bus.publish(event!);
  return event!;
};

describe("SSE hub", () => {
  it("fills a gap left by a lost bus event from the store, in order", async () => {
    const s = sink();
    await hub.connect(b, s, null);
    await send("one");
    await send("lost", false); // the bus dropped it
    await send("three");
    await flush();
    const texts = s.frames.filter((f) => f.event === "message.created").map((f) => f.data.message.text);
    expect(texts).toEqual(["one", "lost", "three"]);
  });

  it("drops duplicates recognised by seq", async () => {
    const s = sink();
    await hub.connect(b, s, null);
    const e = await send("once");
    await bus.publish(e);
    await bus.publish(e);
    await flush();
    expect(s.frames.filter((f) => f.event === "message.created")).toHaveLength(1);
  });

  it("ids are cursors that resume exactly after the last event", async () => {
    const s1 = sink();
    const c1 = await hub.connect(b, s1, null);
    await send("seen");
    await flush();
    const id = s1.frames.at(-1)!.id!;
    hub.disconnect(c1);
    await send("missed");
    const s2 = sink();
    await hub.connect(b, s2, decodeCursor(id));
    await flush();
    expect(s2.frames.map((f) => f.event)).toEqual(["message.created", "ready"]);
    expect(s2.frames[0].data.message.text).toBe("missed");
  });

  it("does not lose an event committed while the stream is starting", async () => {
    const s = sink();
    const connecting = hub.connect(b, s, null);
    const racing = send("racing"); // commits and publishes during connect
    await Promise.all([connecting, racing]);
    await send("after");
    await flush();
    const texts = s.frames.filter((f) => f.event === "message.created").map((f) => f.data.message.text);
    expect(texts.at(-1)).toBe("after");
    expect(texts.filter((t) => t === "racing").length).toBeLessThanOrEqual(1);
  });

  it("unsubscribes on disconnect", async () => {
    const s = sink();
    const c = await hub.connect(b, s, null);
    expect(hub.connectionCount).toBe(1);
    hub.disconnect(c);
    expect(hub.connectionCount).toBe(0);
    await send("nobody listens");
    await flush();
    expect(s.frames.filter((f: { event: string }) => f.event === "message.created")).toHaveLength(0);
  });

  it("stops writing to a client whose sink refuses (gone or too slow)", async () => {
    const s = sink();
    await hub.connect(b, s, null);
    s.open = false; // writes now fail, as for a gone or stalled client
    await send("x");
    await flush();
    expect(s.frames.filter((f) => f.event === "message.created")).toHaveLength(0);
  });
});

describe("SSE hub sweep", () => {
  it("delivers what the bus never carried, including a removal, without any further event", async () => {
    const s = sink();
    await hub.connect(b, s, null);
    await send("silent 1", false);
    await send("silent 2", false);
    const g = await store.createGroupConversation({ name: "g", creatorId: a, memberIds: [b] }); // not published
    await hub.sweep();
    await flush();
    const texts = s.frames.filter((f) => f.event === "message.created").map((f) => f.data.message.text);
    expect(texts).toEqual(["silent 1", "silent 2"]);
    expect(s.frames.some((f) => f.event === "conversation.created" && f.data.conversationId === g.conversation.id)).toBe(true);

    await store.removeMember({ conversationId: g.conversation.id, userId: b }); // not published
    await store.appendMessage({ conversationId: g.conversation.id, senderId: a, text: "after removal" });
    await hub.sweep();
    await flush();
    expect(s.frames.some((f) => f.event === "member.removed" && f.data.userId === b)).toBe(true);
    expect(s.frames.some((f) => f.data.message?.text === "after removal")).toBe(false);
  });
});
