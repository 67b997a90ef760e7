import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatEvent } from "@/lib/chat/types";
import type { EventBus } from "@/lib/realtime/event-bus";

/**
 * The EventBus contract, run against every adapter. Uses only the port. Every test works on its
 * own fresh conversation ids, so buses sharing one topic (or leftovers of earlier tests) cannot
 * interfere: each assertion looks only at the test's own conversations.
 *
 * makeSecondBus, when given, must return a bus that shares the first one's medium (another app
 * instance on the same topic, with its own consumer group).
 */
export function eventBusContract(
  name: string,
  makeBus: () => Promise<EventBus>,
  makeSecondBus?: () => Promise<EventBus>,
) {
  describe(`EventBus contract: ${name}`, () => {
    const open: EventBus[] = [];

    async function started(make = makeBus) {
      const bus = await make();
      open.push(bus);
      await bus.start();
      return bus;
    }

    afterEach(async () => {
      await Promise.allSettled(open.splice(0).map((b) => b.stop()));
    });

    it("delivers a published event to a subscriber, payload intact", async () => {
      const bus = await started();
      const got = collector(bus);
      const event = messageEvent(conversationId(), 1, "hello ✓ — ünïcode");
      await bus.publish(event);
      await waitFor(() => got.events.length >= 1, "the published event");
      expect(got.events).toEqual([event]);
    });

    it("keeps per-conversation order for 200 events over several conversations", async () => {
      const bus = await started();
      const got = collector(bus);
      const ids = Array.from({ length: 5 }, conversationId);
      // Conversations publish concurrently, each one in order (as the app does per commit).
      await Promise.all(
        ids.map(async (id) => {
          for (let seq = 1; seq <= 40; seq++) await bus.publish(messageEvent(id, seq, `m${seq}`));
        }),
      );
      await waitFor(() => got.events.length >= 200, "200 events");
      for (const id of ids) {
        expect(got.events.filter((e) => e.conversationId === id).map((e) => e.seq)).toEqual(range(1, 40));
      }
    });

    it("gives every subscriber every event", async () => {
      const bus = await started();
      const a = collector(bus);
      const b = collector(bus);
      const id = conversationId();
      for (let seq = 1; seq <= 20; seq++) await bus.publish(readEvent(id, seq));
      await waitFor(() => a.events.length >= 20 && b.events.length >= 20, "20 events at both subscribers");
      expect(a.events.map((e) => e.seq)).toEqual(range(1, 20));
      expect(b.events.map((e) => e.seq)).toEqual(range(1, 20));
    });

    it("a failing subscriber does not stop delivery to the others", async () => {
      const bus = await started();
      bus.subscribe(() => {
        throw new Error("subscriber bug (expected in this test)");
      });
      const got = collector(bus);
      const id = conversationId();
      await bus.publish(readEvent(id, 1));
      await bus.publish(readEvent(id, 2));
      await waitFor(() => got.events.length >= 2, "both events despite the failing subscriber");
      expect(got.events.map((e) => e.seq)).toEqual([1, 2]);
    });

    it("stops delivering to an unsubscribed handler", async () => {
      const bus = await started();
      const kept = collector(bus);
      const dropped = collector(bus);
      const id = conversationId();
      await bus.publish(readEvent(id, 1));
      await waitFor(() => kept.events.length >= 1 && dropped.events.length >= 1, "the first event at both");
      dropped.unsubscribe();
      await bus.publish(readEvent(id, 2));
      await bus.publish(readEvent(id, 3));
      await waitFor(() => kept.events.length >= 3, "later events at the kept subscriber");
      expect(dropped.events.map((e) => e.seq)).toEqual([1]);
    });

    it("reports healthy once started", async () => {
      const bus = await started();
      expect(await bus.healthy()).toBe(true);
    });

    it("stops cleanly: resolves promptly, twice is harmless, nothing is delivered afterwards", async () => {
      const bus = await started();
      const got = collector(bus);
      const id = conversationId();
      await bus.publish(readEvent(id, 1));
      await waitFor(() => got.events.length >= 1, "the event before stop");
      const t0 = Date.now();
      await bus.stop();
      await bus.stop();
      expect(Date.now() - t0).toBeLessThan(15_000);
      // After stop a publish may reject (remote bus) or go nowhere (local): never to a subscriber.
      await bus.publish(readEvent(id, 2)).catch(() => {});
      await sleep(300);
      expect(got.events.map((e) => e.seq)).toEqual([1]);
    });

    if (makeSecondBus) {
      it("two instances both receive every event published by either", async () => {
        const one = await started();
        const two = await started(makeSecondBus);
        const atOne = collector(one);
        const atTwo = collector(two);
        const fromOne = conversationId();
        const fromTwo = conversationId();
        for (let seq = 1; seq <= 10; seq++) {
          await one.publish(readEvent(fromOne, seq));
          await two.publish(readEvent(fromTwo, seq));
        }
        await waitFor(() => atOne.events.length >= 20 && atTwo.events.length >= 20, "20 events at each instance");
        for (const got of [atOne, atTwo]) {
          expect(got.events.filter((e) => e.conversationId === fromOne).map((e) => e.seq)).toEqual(range(1, 10));
          expect(got.events.filter((e) => e.conversationId === fromTwo).map((e) => e.seq)).toEqual(range(1, 10));
        }
      });
    }
  });
}

/** Collects the events of conversations created by this suite run (ignores anything else). */
function collector(bus: EventBus) {
  const events: ChatEvent[] = [];
  const unsubscribe = bus.subscribe((e) => {
    if (e.conversationId.startsWith(RUN)) events.push(e);
  });
  return { events, unsubscribe };
}

const RUN = `bus-${randomUUID().slice(0, 8)}-`;
let counter = 0;
const conversationId = () => `${RUN}${++counter}`;

function messageEvent(conversationId: string, seq: number, text: string): ChatEvent {
  const at = new Date().toISOString();
  return {
    type: "message.created",
    conversationId,
    seq,
    at,
    message: { id: randomUUID(), conversationId, seq, senderId: "u1", text, clientId: null, createdAt: at, editedAt: null, deletedAt: null, attachments: [], reactions: [], replyTo: null, mentions: [] },
  };
}

function readEvent(conversationId: string, seq: number): ChatEvent {
  return { type: "read.updated", conversationId, seq, at: new Date().toISOString(), userId: "u1", lastReadSeq: seq };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}
