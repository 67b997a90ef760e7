import type Database from "better-sqlite3";
import type { ChannelSummary, ChatEvent, Visibility } from "@/lib/chat/types";
import { StoreNotFoundError } from "../chat-store";
import type { SqliteEventLog } from "./event-log";

/** Sets a group's visibility and logs it; run inside the caller's transaction. */
export function setVisibility(
  db: Database.Database,
  log: SqliteEventLog,
  input: { conversationId: string; visibility: Visibility; actorId?: string },
): ChatEvent {
  const res = db.prepare(`UPDATE conversations SET visibility = ? WHERE id = ? AND type = 'group'`).run(input.visibility, input.conversationId);
  if (res.changes === 0) throw new StoreNotFoundError("conversation");
  const row = log.append({
    conversation_id: input.conversationId,
    type: "conversation.updated",
    message_id: null,
    user_id: null,
    last_read_seq: null,
    actor_id: input.actorId ?? null,
    data: JSON.stringify({ visibility: input.visibility }),
  });
  return log.toEvent(row);
}

/** Public groups whose name contains the query (case-insensitive), by name. */
export function listPublicChannels(db: Database.Database, input: { query: string; limit: number; userId: string }): ChannelSummary[] {
  const like = `%${input.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db
    .prepare(
      `SELECT c.id, c.name, c.created_at,
              (SELECT COUNT(*) FROM members m WHERE m.conversation_id = c.id) AS member_count,
              EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = @me) AS joined
       FROM conversations c
       WHERE c.visibility = 'public' AND c.type = 'group' AND c.name LIKE @like ESCAPE '\\'
       ORDER BY c.name COLLATE NOCASE, c.id
       LIMIT @limit`,
    )
    .all({ like, me: input.userId, limit: input.limit }) as {
    id: string;
    name: string;
    created_at: string;
    member_count: number;
    joined: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    visibility: "public",
    memberCount: r.member_count,
    createdAt: r.created_at,
    joined: r.joined === 1,
  }));
}
