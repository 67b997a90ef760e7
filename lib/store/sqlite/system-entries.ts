import type Database from "better-sqlite3";
import { SYSTEM_EVENT_TYPES, systemEntry } from "@/lib/chat/system-entries";
import type { SystemEntry } from "@/lib/chat/types";
import { eventData, type EventRow } from "./rows";

/** Structural events as timeline entries, newest first (served by the events_structural index). */
export function listSystemEntries(
  db: Database.Database,
  input: { conversationId: string; beforeSeq?: number; limit: number },
): SystemEntry[] {
  const rows = db
    .prepare(
      `SELECT * FROM events
       WHERE conversation_id = ? AND seq < ?
         AND type IN ('conversation.created', 'conversation.updated', 'member.added', 'member.removed')
       ORDER BY seq DESC LIMIT ?`,
    )
    .all(input.conversationId, input.beforeSeq ?? Number.MAX_SAFE_INTEGER, input.limit) as EventRow[];
  const current = db.prepare(`SELECT name FROM conversations WHERE id = ?`);
  return rows.map((r) => {
    const data = eventData(r);
    // Rows from before names were logged carry none; the current name stands in.
    const legacy = r.data === null || r.data === undefined;
    const name = !legacy ? (data.name ?? null) : ((current.get(r.conversation_id) as { name: string | null } | undefined)?.name ?? null);
    return systemEntry({
      conversationId: r.conversation_id,
      seq: r.seq,
      at: r.at,
      type: r.type as (typeof SYSTEM_EVENT_TYPES)[number],
      actorId: r.actor_id ?? null,
      userId: r.user_id,
      name,
      promotedUserId: data.promotedUserId ?? null,
      visibility: data.visibility ?? null,
    });
  });
}
