import type Database from "better-sqlite3";
import { UNREAD_COUNT_MAX, type ConversationSummary, type Member } from "@/lib/chat/types";
import type { SqliteMessageExtras } from "./message-extras";
import type { MessageRow } from "./rows";

/**
 * A member's conversations, each with its members, counts and the place of its last message, as
 * ONE JSON value built inside SQLite. Profiled for a member of 501 conversations (issue 8, goal
 * 5): the SQL work is small, and what cost was handing values to JavaScript one by one (~0.5 µs
 * each, ~20,000 of them, most for the ~1,500 member rows) and calling a count probe per
 * conversation from JavaScript; the member rows as one JSON string took half the time of row objects.
 *
 * Counts: each is one indexed range that stops at UNREAD_COUNT_MAX (a million unread costs what
 * a thousand do), and runs only when a message was sent after the member's read marker, which
 * for most people is true of few of their conversations. Mentions of the sender by themselves are
 * marked on the mention row, so the mention count reads the partial index alone.
 */
const LIST = `
  WITH mine AS MATERIALIZED (
    SELECT c.id, c.type, c.name, c.visibility, c.created_at, c.last_activity_at, c.last_seq, me.last_read_seq AS read_seq,
      (SELECT seq FROM messages WHERE conversation_id = c.id ORDER BY seq DESC LIMIT 1) AS last_message_seq,
      (SELECT rowid FROM messages WHERE conversation_id = c.id ORDER BY seq DESC LIMIT 1) AS last_rowid
    FROM members me JOIN conversations c ON c.id = me.conversation_id
    WHERE me.user_id = @user
  )
  SELECT json_group_array(json_array(
    id, type, name, visibility, created_at, last_activity_at, last_seq, last_rowid,
    CASE WHEN last_message_seq > read_seq THEN (SELECT COUNT(*) FROM (
      SELECT 1 FROM messages m
      WHERE m.conversation_id = mine.id AND m.seq > mine.read_seq AND m.sender_id != @user AND m.deleted_at IS NULL
      LIMIT ${UNREAD_COUNT_MAX})) ELSE 0 END,
    CASE WHEN last_message_seq > read_seq THEN (SELECT COUNT(*) FROM (
      SELECT 1 FROM mentions mt
      WHERE mt.user_id = @user AND mt.conversation_id = mine.id AND mt.seq > mine.read_seq AND mt.by_sender = 0
      LIMIT ${UNREAD_COUNT_MAX})) ELSE 0 END,
    (SELECT json_group_array(json_array(m.user_id, u.username, u.display_name, m.role, m.joined_at, m.joined_seq, m.last_read_seq)
       ORDER BY m.joined_seq, m.rowid)
     FROM members m JOIN users u ON u.id = m.user_id WHERE m.conversation_id = mine.id)
  ) ORDER BY last_activity_at DESC, id) AS list
  FROM mine`;

/** The last messages, by the rowids the list found in the (conversation, seq) index. */
const LAST_MESSAGES = `SELECT * FROM messages WHERE rowid IN (SELECT value FROM json_each(?))`;

type MemberTuple = [string, string, string, Member["role"], string, number, number];
type ListTuple = [
  id: string,
  type: "direct" | "group",
  name: string | null,
  visibility: "private" | "public" | null,
  createdAt: string,
  lastActivityAt: string,
  lastSeq: number,
  lastRowid: number | null,
  unreadCount: number,
  mentionCount: number,
  members: MemberTuple[],
];

export function listConversationsForUser(db: Database.Database, extras: SqliteMessageExtras, userId: string): ConversationSummary[] {
  // One read transaction: the rowids and the rows they name come from the same snapshot.
  const { rows, lastRows } = db.transaction(() => {
    const { list } = db.prepare(LIST).get({ user: userId }) as { list: string };
    const rows = JSON.parse(list) as ListTuple[];
    const lastRowids = rows.flatMap((r) => (r[7] === null ? [] : [r[7]]));
    const lastRows = lastRowids.length ? (db.prepare(LAST_MESSAGES).all(JSON.stringify(lastRowids)) as MessageRow[]) : [];
    return { rows, lastRows: extras.hydrate(lastRows) };
  })();
  const last = new Map(lastRows.map((m) => [m.conversationId, m]));
  return rows.map(([id, type, name, visibility, createdAt, lastActivityAt, lastSeq, , unreadCount, mentionCount, members]) => ({
    id,
    type,
    name,
    visibility: visibility ?? "private",
    createdAt,
    lastActivityAt,
    lastSeq,
    members: members.map(([memberId, username, displayName, role, joinedAt, joinedSeq, lastReadSeq]) => ({
      userId: memberId,
      username,
      displayName,
      role,
      joinedAt,
      joinedSeq,
      lastReadSeq,
    })),
    lastMessage: last.get(id) ?? null,
    unreadCount,
    mentionCount,
  }));
}
