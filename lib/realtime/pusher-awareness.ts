import type { ChatStore } from "@/lib/store/chat-store";
import type { PresenceRelay } from "./presence-relay";
import type { PusherEventBus } from "./pusher-bus";
import { channelUser } from "./pusher-channels";
import type { TypingRelay } from "./typing-relay";

/** How often the Pusher server is asked who is connected: a tab opened or closed shows within this. */
const POLL_MS = 2_000;

/**
 * Presence and typing in the pusher mode, where browsers open no stream on this server.
 * - Who is connected: a person is live while a socket is subscribed to their private channel,
 *   which the Pusher HTTP API lists (`GET /channels?filter_by_prefix=private-user-`). Every
 *   instance asks and feeds the answer to its PresenceRelay as if those were streams, so the
 *   grace period, away and the lease rules stay the ones the SSE modes use, and no instance needs
 *   to hear from another.
 * - Delivery: the relays' changes go to the members' private channels, one trigger per 100.
 *   Signals are sent one after another, so a "typing" and its "stopped" never swap places.
 */
export function startPusherAwareness(bus: PusherEventBus, store: ChatStore, presence: PresenceRelay, typing: TypingRelay, pollMs = POLL_MS) {
  let queue: Promise<void> = Promise.resolve();
  const send = (audience: () => Promise<string[]>, name: "presence" | "typing", data: unknown) => {
    queue = queue.then(async () => {
      try {
        const ids = await audience();
        if (ids.length) await bus.signal(ids, name, data);
      } catch (err) {
        console.warn(`[pusher] ${name} not sent:`, (err as Error).message);
      }
    });
    return queue;
  };

  presence.setOutlet((userId, event) =>
    send(
      async () => {
        const ids = new Set<string>([userId]);
        for (const c of await store.listConversationsForUser(userId)) for (const m of c.members) ids.add(m.userId);
        return [...ids];
      },
      "presence",
      event,
    ),
  );
  typing.setOutlet((event) => {
    void send(async () => (await store.findConversation(event.conversationId))?.members.map((m) => m.userId) ?? [], "typing", event);
  });

  let live = new Set<string>();
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const now = new Set<string>();
      for (const ch of await bus.occupiedUserChannels()) {
        const id = channelUser(ch);
        if (id) now.add(id);
      }
      for (const id of now) if (!live.has(id)) presence.connected(id);
      for (const id of live) if (!now.has(id)) presence.disconnected(id);
      live = now;
    } catch {
      // The Pusher server is down: its sockets are gone too, but they come back with it. Keep the
      // last answer rather than flash everyone offline; a long outage shows as the sockets return.
    } finally {
      polling = false;
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), pollMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
