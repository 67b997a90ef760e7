import type Database from "better-sqlite3";
import { type ChatEvent, type Message, type ReplyRef } from "@/lib/chat/types";
import { groupReactions, replyExcerpt } from "@/lib/chat/message-shape";
import { StoreConflictError, StoreNotFoundError } from "../chat-store";
import type { SqliteEventLog } from "./event-log";
import { toMessage, type MessageRow } from "./rows";

type ParentRow = Pick<MessageRow, "id" | "seq" | "sender_id" | "text" | "deleted_at">;

/**
 * Reactions, reply quotes and mentions of messages: joined into every message the store returns,
 * and changed inside the caller's transaction. Id lists go through json_each, so a page of any
 * size is one statement without SQLite's bound-parameter limit.
 */
export class SqliteMessageExtras {
  constructor(private readonly db: Database.Database) {}

  /** Messages with reactions, reply quotes and mentions, in the order given. */
  hydrate(rows: MessageRow[]): Message[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const reactions = this.db
      .prepare(`SELECT message_id, emoji, user_id FROM reactions WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY rowid`)
      .all(ids) as { message_id: string; emoji: string; user_id: string }[];
    const mentions = this.db
      .prepare(`SELECT message_id, user_id FROM mentions WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY pos`)
      .all(ids) as { message_id: string; user_id: string }[];
    const parentIds = [...new Set(rows.flatMap((r) => (r.reply_to_id ? [r.reply_to_id] : [])))];
    const parents = parentIds.length
      ? (this.db
          .prepare(`SELECT id, seq, sender_id, text, deleted_at FROM messages WHERE id IN (SELECT value FROM json_each(?))`)
          .all(JSON.stringify(parentIds)) as ParentRow[])
      : [];
    const parentById = new Map(parents.map((p) => [p.id, p]));
    return rows.map((row) => ({
      ...toMessage(row),
      reactions: groupReactions(reactions.filter((r) => r.message_id === row.id).map((r) => ({ emoji: r.emoji, userId: r.user_id }))),
      mentions: mentions.filter((m) => m.message_id === row.id).map((m) => m.user_id),
      replyTo: row.reply_to_id ? toReplyRef(parentById.get(row.reply_to_id), row.reply_to_id) : null,
    }));
  }

  one(row: MessageRow): Message {
    return this.hydrate([row])[0];
  }

  /** `fresh`: a message inserted just now, which has no mentions to replace. */
  setMentions(row: Pick<MessageRow, "id" | "conversation_id" | "seq"> & { sender_id?: string }, userIds: string[], fresh = false) {
    if (!fresh) this.db.prepare(`DELETE FROM mentions WHERE message_id = ?`).run(row.id);
    // by_sender from the row when the caller has it (a send), else from the stored message (an edit).
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO mentions (message_id, user_id, conversation_id, seq, pos, by_sender)
       VALUES (@id, @userId, @conversationId, @seq, @pos,
               COALESCE(@sender = @userId, EXISTS (SELECT 1 FROM messages WHERE id = @id AND sender_id = @userId)))`,
    );
    const sender = row.sender_id ?? null;
    userIds.forEach((userId, pos) => insert.run({ id: row.id, userId, conversationId: row.conversation_id, seq: row.seq, pos, sender }));
  }

  /** A deleted message keeps neither reactions nor mentions. */
  clear(messageId: string) {
    this.db.prepare(`DELETE FROM reactions WHERE message_id = ?`).run(messageId);
    this.db.prepare(`DELETE FROM mentions WHERE message_id = ?`).run(messageId);
  }

  /** Adds or removes one reaction and logs it, in one transaction with its checks. */
  react(
    log: SqliteEventLog,
    input: { messageId: string; userId: string; emoji: string; add: boolean; maxDistinct?: number },
  ): { message: Message; event: ChatEvent | null } {
    return this.db.transaction(() => {
      const msg = this.db.prepare(`SELECT * FROM messages WHERE id = ?`).get(input.messageId) as MessageRow | undefined;
      if (!msg) throw new StoreNotFoundError("message");
      if (msg.deleted_at) throw new StoreConflictError("message");
      let changed: number;
      if (input.add) {
        const emojis = this.db
          .prepare(`SELECT DISTINCT emoji FROM reactions WHERE message_id = ?`)
          .all(input.messageId) as { emoji: string }[];
        const isNew = !emojis.some((e) => e.emoji === input.emoji);
        if (isNew && input.maxDistinct !== undefined && emojis.length >= input.maxDistinct) throw new StoreConflictError("reactions");
        changed = this.db
          .prepare(`INSERT OR IGNORE INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)`)
          .run(input.messageId, input.emoji, input.userId, new Date().toISOString()).changes;
      } else {
        changed = this.db
          .prepare(`DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?`)
          .run(input.messageId, input.emoji, input.userId).changes;
      }
      if (changed === 0) return { message: this.one(msg), event: null };
      const ev = log.append({
        conversation_id: msg.conversation_id,
        type: input.add ? "reaction.added" : "reaction.removed",
        message_id: input.messageId,
        user_id: input.userId,
        last_read_seq: null,
        emoji: input.emoji,
      });
      const event = log.toEvent(ev);
      return { message: (event as Extract<ChatEvent, { message: Message }>).message, event };
    }).immediate();
  }
}

function toReplyRef(parent: ParentRow | undefined, id: string): ReplyRef {
  // A parent row never disappears (deletion tombstones it), so a missing one is treated as deleted.
  if (!parent) return { id, seq: 0, senderId: "", excerpt: null, deleted: true };
  const deleted = parent.deleted_at !== null || parent.text === null;
  return { id, seq: parent.seq, senderId: parent.sender_id, excerpt: deleted ? null : replyExcerpt(parent.text!), deleted };
}
