import type Database from "better-sqlite3";
import { UNREAD_COUNT_MAX, type ConversationSummary } from "@/lib/chat/types";
import type { SqliteMessageExtras } from "./message-extras";
import { toConversation, type ConversationRow, type MemberRow, type MessageRow } from "./rows";

/**
 * A member's conversations in a fixed number of queries, not several per conversation: someone
 * in 500 conversations opens the app as fast as someone in five (issue 8, goal 5). Counts stay
 * one indexed probe each, stopping at UNREAD_COUNT_MAX.
 */
export function listConversationsForUser(db: Database.Database, extras: SqliteMessageExtras, userId: string): ConversationSummary[] {
  const rows = db
    .prepare(
      `SELECT c.*, me.last_read_seq AS my_last_read_seq FROM members me JOIN conversations c ON c.id = me.conversation_id
       WHERE me.user_id = ? ORDER BY c.last_activity_at DESC, c.id`,
    )
    .all(userId) as (ConversationRow & { my_last_read_seq: number })[];
  const members = new Map<string, MemberRow[]>();
  const memberRows = db
    .prepare(
      `SELECT m.*, u.username, u.display_name FROM members me
       JOIN members m ON m.conversation_id = me.conversation_id JOIN users u ON u.id = m.user_id
       WHERE me.user_id = ? ORDER BY m.conversation_id, m.joined_seq, m.rowid`,
    )
    .all(userId) as MemberRow[];
  for (const m of memberRows) {
    const list = members.get(m.conversation_id);
    if (list) list.push(m);
    else members.set(m.conversation_id, [m]);
  }
  const lastRows = db
    .prepare(
      `SELECT msg.* FROM members me JOIN conversations c ON c.id = me.conversation_id
       JOIN messages msg ON msg.id = (SELECT id FROM messages WHERE conversation_id = c.id ORDER BY seq DESC LIMIT 1)
       WHERE me.user_id = ?`,
    )
    .all(userId) as MessageRow[];
  const last = new Map(extras.hydrate(lastRows).map((m) => [m.conversationId, m]));
  const unread = db.prepare(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM messages
     WHERE conversation_id = ? AND seq > ? AND sender_id != ? AND deleted_at IS NULL LIMIT ${UNREAD_COUNT_MAX})`,
  );
  return rows.map((r) => ({
    ...toConversation(r, members.get(r.id) ?? []),
    lastMessage: last.get(r.id) ?? null,
    unreadCount: (unread.get(r.id, r.my_last_read_seq, userId) as { n: number }).n,
    mentionCount: extras.mentionCount(r.id, userId, r.my_last_read_seq),
  }));
}
