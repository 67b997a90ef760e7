import type { ChatEvent } from "@/lib/chat/types";
import { request } from "../api";
import type { StreamSink } from "../stream-connection";

/** GET /api/presence: everyone not offline among the people I share a conversation with. */
export interface PresenceSnapshot {
  presence: Record<string, string>;
}

export const fetchPresence = () => request<PresenceSnapshot>("/api/presence", { timeoutMs: 20_000 });

/**
 * A conversation I am new to: its people's status changed before we shared it, so no change will
 * tell it (the server sends presence deltas only when a status changes).
 */
export function bringsNewPeers(e: ChatEvent, userId: string) {
  return e.type === "conversation.created" || (e.type === "member.added" && e.userId === userId);
}

/** Asks for everyone's status once and hands it to the sink as a full presence snapshot. */
export function snapshotPresence(sink: StreamSink, fetch: () => Promise<PresenceSnapshot> = fetchPresence, stopped = () => false) {
  void fetch().then(
    ({ presence }) => stopped() || sink.handleSignal?.("presence", { full: true, users: presence }),
    () => {}, // the next change still arrives; a stale dot is not worth a retry loop
  );
}

/**
 * The sink, with a presence snapshot after each event that brings me new peers: whichever
 * transport delivers the event (SSE here; pusher-connection.ts does the same for its fills).
 */
export function withPeerPresence(sink: StreamSink, userId: string, fetch: () => Promise<PresenceSnapshot> = fetchPresence): StreamSink {
  return {
    setConnection: (state) => sink.setConnection(state),
    resync: () => sink.resync(),
    reset: () => sink.reset(),
    handleSignal: (event, data) => sink.handleSignal?.(event, data),
    handleEvent: (event) => {
      sink.handleEvent(event);
      if (bringsNewPeers(event, userId)) snapshotPresence(sink, fetch);
    },
  };
}
