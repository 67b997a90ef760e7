import { beforeEach, describe, expect, it } from "vitest";
import { PRESENCE_RULES } from "@/lib/chat/presence";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { PresenceRelay } from "@/lib/realtime/presence-relay";
import { LocalSignalBus } from "@/lib/realtime/signal-bus";
import { SseHub } from "@/lib/realtime/sse-hub";
import { TypingRelay } from "@/lib/realtime/typing-relay";
import { SqliteChatStore } from "@/lib/store/sqlite";

/**
 * Two "instances" (a hub and relays each) over one store and one signal bus, with a clock the
 * test drives: presence and typing reach the other instance's streams, and a crashed instance's
 * people go offline when its lease ends.
 */
function sink() {
  const frames: { event: string; data: any }[] = [];
  return {
    frames,
    write(frame: string) {
      const get = (k: string) => frame.match(new RegExp(`^${k}: (.*)$`, "m"))?.[1];
      const event = get("event");
      if (event) frames.push({ event, data: JSON.parse(get("data")!) });
      return true;
    },
    close() {},
  };
}
/** Lets queued stream work and store reads settle. */
const flush = () => new Promise((r) => setTimeout(r, 30));
const poll = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });
const presence = (s: ReturnType<typeof sink>) => s.frames.filter((f) => f.event === "presence").map((f) => f.data);

let now = 1_000_000;
const clock = () => now;
let store: SqliteChatStore;
let signals: LocalSignalBus;
let bus: LocalEventBus;
let a: string, b: string, c: string, conv: string;

function instance(name: string) {
  const hub = new SseHub(store, bus);
  const relay = new PresenceRelay(store, hub, signals, name, PRESENCE_RULES, clock);
  relay.start();
  const typing = new TypingRelay(hub, signals, bus, undefined, clock);
  typing.start();
  return { hub, relay, typing };
}

beforeEach(async () => {
  store = new SqliteChatStore("file::memory:");
  await store.init();
  signals = new LocalSignalBus();
  bus = new LocalEventBus();
  const user = async (n: string) => (await store.createUser({ username: n, displayName: n, passwordHash: "x" })).id;
  [a, b, c] = [await user("a"), await user("b"), await user("c")];
  conv = (await store.findOrCreateDirectConversation({ userIds: [a, b] })).conversation.id;
});

describe("presence relay across instances", () => {
  it("tells a member on another instance, never a stranger; offline 30 s after the last stream", async () => {
    const i1 = instance("i1");
    const i2 = instance("i2");
    const bob = sink();
    const carol = sink();
    await i2.hub.connect(b, bob, null);
    await i2.hub.connect(c, carol, null);
    await flush();
    const aliceConn = await i1.hub.connect(a, sink(), null);
    await poll(() => presence(bob).at(-1)).toEqual({ full: false, users: { [a]: "online" } });
    expect(i2.relay.status(a)).toBe("online");
    i1.hub.disconnect(aliceConn);
    now += PRESENCE_RULES.offlineGraceMs - 1_000;
    i1.relay.tick();
    i2.relay.tick();
    await poll(() => i2.relay.status(a)).toBe("online");
    now += 1_000;
    i1.relay.tick();
    expect(i2.relay.status(a)).toBe("offline");
    await poll(() => presence(bob).at(-1)).toEqual({ full: false, users: { [a]: "offline" } });
    expect(JSON.stringify(presence(carol))).not.toContain(a);
  });

  it("a new stream gets a snapshot of its peers", async () => {
    const i1 = instance("i1");
    const i2 = instance("i2");
    await i1.hub.connect(a, sink(), null);
    await flush();
    const bob = sink();
    await i2.hub.connect(b, bob, null);
    await poll(() => presence(bob)).toContainEqual({ full: true, users: { [a]: "online", [b]: "online" } });
    expect(await i2.relay.peersOf(c)).toEqual({});
  });

  it("a crashed instance's people go offline when its lease ends", async () => {
    const i1 = instance("i1");
    const i2 = instance("i2");
    await i1.hub.connect(a, sink(), null);
    await poll(() => i2.relay.status(a)).toBe("online");
    i1.relay.stop(); // no more beats: as if the process died
    now += PRESENCE_RULES.leaseMs - 1;
    i2.relay.tick();
    expect(i2.relay.status(a)).toBe("online");
    now += 1;
    i2.relay.tick();
    expect(i2.relay.status(a)).toBe("offline");
  });

  it("away after 5 min without activity; activity reported through the other instance brings it back", async () => {
    const i1 = instance("i1");
    const i2 = instance("i2");
    await i1.hub.connect(a, sink(), null);
    now += PRESENCE_RULES.awayAfterMs;
    i1.relay.tick();
    await poll(() => i2.relay.status(a)).toBe("away");
    i2.relay.activity(a);
    await poll(() => i2.relay.status(a)).toBe("online");
    expect(i1.relay.status(a)).toBe("online");
  });
});

describe("typing relay across instances", () => {
  it("shows the typer to members on every instance, then clears on expiry and on the message", async () => {
    const i1 = instance("i1");
    const i2 = instance("i2");
    const bob = sink();
    await i2.hub.connect(b, bob, null);
    const carol = sink();
    await i1.hub.connect(c, carol, null);
    const typing = () => bob.frames.filter((f) => f.event === "typing").map((f) => f.data.userIds);
    await signals.publish({ kind: "typing", at: now, conversationId: conv, userId: a, typing: true });
    await poll(typing).toEqual([[a]]);
    now += 6_000; // the relay's sweep (real timer) sees the expiry
    await poll(typing).toEqual([[a], []]);
    await signals.publish({ kind: "typing", at: now, conversationId: conv, userId: a, typing: true });
    const { event } = await store.appendMessage({ conversationId: conv, senderId: a, text: "hi" });
    await bus.publish(event!);
    await poll(typing).toEqual([[a], [], [a], []]);
    expect(carol.frames.some((f) => f.event === "typing")).toBe(false);
  });
});
