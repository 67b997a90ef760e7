import type Database from "better-sqlite3";
import type { ChatEvent, ChatEventType, Conversation, ConversationChanges, Member } from "@/lib/chat/types";
import type { SqliteMessageExtras } from "./message-extras";
import { eventData, type EventData, toConversation, toMember, type ConversationRow, type EventRow, type MemberRow, type MessageRow } from "./rows";

/**
 * The per-conversation log. Appending allocates the next seq with one UPDATE … RETURNING inside
 * the caller's transaction, so seqs are gap-free and commit in order.
 */
/** The columns an event leaves empty unless it is about a message, a person or a read position. */
export const NO_EVENT = { message_id: null, user_id: null, last_read_seq: null };

export class SqliteEventLog {
  constructor(
    private readonly db: Database.Database,
    private readonly extras: SqliteMessageExtras,
  ) {}

  nextSeq(conversationId: string): number {
    const row = this.db
      .prepare(`UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq`)
      .get(conversationId) as { last_seq: number } | undefined;
    if (!row) throw new Error(`conversation ${conversationId} vanished during append`);
    return row.last_seq;
  }

  /** nextSeq for a message: the conversation's latest activity moves in the same statement. */
  nextMessageSeq(conversationId: string, at: string): number {
    const row = this.db
      .prepare(`UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = ? WHERE id = ? RETURNING last_seq`)
      .get(at, conversationId) as { last_seq: number } | undefined;
    if (!row) throw new Error(`conversation ${conversationId} vanished during append`);
    return row.last_seq;
  }

  append(row: Omit<EventRow, "seq" | "at" | "emoji"> & { seq?: number; at?: string; emoji?: string | null }): EventRow {
    const full: EventRow = {
      seq: row.seq ?? this.nextSeq(row.conversation_id),
      at: row.at ?? new Date().toISOString(),
      conversation_id: row.conversation_id,
      type: row.type,
      message_id: row.message_id,
      user_id: row.user_id,
      last_read_seq: row.last_read_seq,
      emoji: row.emoji ?? null,
      actor_id: row.actor_id ?? null,
      data: row.data ?? null,
    };
    this.db
      .prepare(
        `INSERT INTO events (conversation_id, seq, type, at, message_id, user_id, last_read_seq, emoji, actor_id, data)
         VALUES (@conversation_id, @seq, @type, @at, @message_id, @user_id, @last_read_seq, @emoji, @actor_id, @data)`,
      )
      .run(full);
    return full;
  }

  since(conversationId: string, afterSeq: number, limit: number): EventRow[] {
    return this.db
      .prepare(`SELECT * FROM events WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?`)
      .all(conversationId, afterSeq, limit) as EventRow[];
  }

  conversation(id: string): Conversation | null {
    const row = this.db.prepare(`SELECT * FROM conversations WHERE id = ?`).get(id) as ConversationRow | undefined;
    if (!row) return null;
    const members = this.db
      .prepare(
        `SELECT m.*, u.username, u.display_name FROM members m JOIN users u ON u.id = m.user_id
         WHERE m.conversation_id = ? ORDER BY m.joined_seq, m.rowid`,
      )
      .all(id) as MemberRow[];
    return toConversation(row, members);
  }

  member(conversationId: string, userId: string): Member | null {
    const row = this.db
      .prepare(
        `SELECT m.*, u.username, u.display_name FROM members m JOIN users u ON u.id = m.user_id
         WHERE m.conversation_id = ? AND m.user_id = ?`,
      )
      .get(conversationId, userId) as MemberRow | undefined;
    return row ? toMember(row) : null;
  }

  /** The member as this member.added row made them (names are current; users own them). */
  private addedMember(row: EventRow): Member {
    const user = this.db.prepare(`SELECT username, display_name FROM users WHERE id = ?`).get(row.user_id) as
      | { username: string; display_name: string }
      | undefined;
    const role =
      eventData(row).role ??
      (this.db.prepare(`SELECT role FROM members WHERE conversation_id = ? AND user_id = ? AND joined_seq = ?`).get(row.conversation_id, row.user_id, row.seq) as
        | { role: Member["role"] }
        | undefined)?.role ??
      "member";
    return {
      userId: row.user_id!,
      username: user?.username ?? "",
      displayName: user?.display_name ?? "",
      role,
      joinedAt: row.at,
      joinedSeq: row.seq,
      lastReadSeq: 0,
    };
  }

  /** Builds the public event from a log row and the current state. */
  toEvent(row: EventRow, cache = new Map<string, Conversation | null>()): ChatEvent {
    const base = { conversationId: row.conversation_id, seq: row.seq, at: row.at };
    const type = row.type as ChatEventType;
    const snapshot = () => {
      if (!cache.has(row.conversation_id)) cache.set(row.conversation_id, this.conversation(row.conversation_id));
      const c = cache.get(row.conversation_id);
      if (!c) throw new Error(`event ${row.conversation_id}#${row.seq} refers to a missing conversation`);
      return c;
    };
    const message = () => this.extras.one(this.db.prepare(`SELECT * FROM messages WHERE id = ?`).get(row.message_id) as MessageRow);
    switch (type) {
      case "message.created":
      case "message.updated":
      case "message.deleted":
        return { ...base, type, message: message() };
      case "reaction.added":
      case "reaction.removed":
        return { ...base, type, userId: row.user_id!, emoji: row.emoji!, message: message() };
      case "conversation.created":
        return { ...base, type, actorId: row.actor_id ?? null, conversation: snapshot() };
      case "conversation.updated": {
        // Rows from before changes were logged carry no data: the current name is the best we know.
        const changes = row.data ? changesOf(eventData(row)) : { name: snapshot().name ?? undefined };
        return { ...base, type, actorId: row.actor_id ?? null, changes };
      }
      case "member.added":
        return { ...base, type, actorId: row.actor_id ?? null, userId: row.user_id!, member: this.addedMember(row) };
      case "member.removed":
        return {
          ...base,
          type,
          actorId: row.actor_id ?? null,
          userId: row.user_id!,
          promotedUserId: eventData(row).promotedUserId ?? null,
        };
      case "read.updated":
        return { ...base, type, userId: row.user_id!, lastReadSeq: row.last_read_seq! };
      case "member.updated": {
        const u = this.db.prepare(`SELECT username, display_name FROM users WHERE id = ?`).get(row.user_id) as
          | { username: string; display_name: string }
          | undefined;
        return { ...base, type, userId: row.user_id!, username: u?.username ?? "", displayName: u?.display_name ?? "" };
      }
    }
  }
}

function changesOf(data: EventData): ConversationChanges {
  return {
    ...(typeof data.name === "string" ? { name: data.name } : {}),
    ...(data.visibility ? { visibility: data.visibility } : {}),
  };
}
