import type { ChatEvent } from "@/lib/chat/types";
import type { ChatStore } from "@/lib/store/chat-store";
import { forRecipient } from "./for-recipient";
import { encodeCursor, type StreamCursor } from "./stream-cursor";

const BATCH = 200;

/** A conversation left since the cursor was issued: said once, with no seq (as on the SSE stream). */
export interface RemovedNotice {
  type: "member.removed";
  conversationId: string;
  userId: string;
  seq: null;
}

export interface ReplayPage {
  events: (ChatEvent | RemovedNotice)[];
  /** Where the next request continues: the position reached in every conversation followed. */
  cursor: string;
  /** More events are waiting: ask again with `cursor`. */
  more: boolean;
  /** The backlog was too long to replay: refetch what is shown; `cursor` is the head. */
  reset: boolean;
}

/**
 * What the SSE stream replays on resume, as pages over plain HTTP (GET /api/events), for clients
 * whose live path delivers at most once (the pusher mode). Same cursor and same rules: from the
 * cursor's seq per conversation, from the join for conversations joined since, a notice for those
 * left. Without a cursor: no events, the head of every conversation.
 */
export async function replayEvents(
  store: ChatStore,
  userId: string,
  cursor: StreamCursor | null,
  limits: { page: number; resetOver: number },
): Promise<ReplayPage> {
  const memberships = await store.listMembershipCursors(userId);
  const head = encodeCursor(new Map(memberships.map((m) => [m.conversationId, m.lastSeq])));
  if (!cursor) return { events: [], cursor: head, more: false, reset: false };
  const position: StreamCursor = new Map();
  let backlog = 0;
  for (const m of memberships) {
    const from = Math.min(cursor.get(m.conversationId) ?? m.joinedSeq - 1, m.lastSeq);
    position.set(m.conversationId, from);
    backlog += m.lastSeq - from;
  }
  if (backlog > limits.resetOver) return { events: [], cursor: head, more: false, reset: true };
  const events: ReplayPage["events"] = [];
  const current = new Set(memberships.map((m) => m.conversationId));
  for (const id of cursor.keys()) {
    if (!current.has(id)) events.push({ type: "member.removed", conversationId: id, userId, seq: null });
  }
  let more = false;
  for (const m of memberships) {
    while (position.get(m.conversationId)! < m.lastSeq) {
      const room = limits.page - events.length;
      if (room <= 0) {
        more = true;
        break;
      }
      const afterSeq = position.get(m.conversationId)!;
      const batch = await store.listEventsSince({ conversationId: m.conversationId, afterSeq, limit: Math.min(BATCH, room) });
      if (batch.length === 0) break;
      for (const e of batch) {
        if (e.seq > m.lastSeq) break;
        events.push(await forRecipient(e, userId, store));
        position.set(m.conversationId, e.seq);
      }
      if (batch.at(-1)!.seq >= m.lastSeq) break;
    }
  }
  return { events, cursor: encodeCursor(position), more, reset: false };
}
