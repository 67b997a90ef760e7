import type Database from "better-sqlite3";
import { type Attachment, type ChatEvent, type ConversationSummary, type MemberRole, type MembershipCursor, type Message, type Visibility } from "@/lib/chat/types";
import { StoreConflictError, StoreNotFoundError, type ChatStore, type ConversationChange } from "../chat-store";
import { newId } from "../ids";
import { openDatabase } from "./database";
import { NO_EVENT, SqliteEventLog } from "./event-log";
import { SqliteMembership } from "./membership";
import { SqliteMessageExtras } from "./message-extras";
import type { MessageRow } from "./rows";
import { listConversationsForUser } from "./conversation-list";
import { SqliteSessions } from "./sessions";
import { listSystemEntries } from "./system-entries";
import { searchMessages } from "./search";
import { SqliteSearchIndex } from "./search-index";
import { listPublicChannels, setVisibility } from "./channels";
import { SqliteUsers } from "./users";

/**
 * ChatStore on one SQLite file (better-sqlite3, WAL). Every write is one synchronous
 * transaction, so "allocate seq + write row + append event" is atomic by construction.
 * Transactions are IMMEDIATE: they take the write lock before their first read. A deferred one
 * reads first and then fails its upgrade at once, whatever the busy timeout, when another process
 * wrote meanwhile; an immediate one either gets the lock or is retried whole (guarded-store.ts).
 */
export class SqliteChatStore implements ChatStore {
  readonly kind = "sqlite" as const;
  private db!: Database.Database;
  private users!: SqliteUsers;
  private sessions!: SqliteSessions;
  private log!: SqliteEventLog;
  private extras!: SqliteMessageExtras;
  private membership!: SqliteMembership;
  private searchIndex!: SqliteSearchIndex;

  constructor(private readonly url: string) {}

  async init() {
    if (this.db) return;
    this.db = openDatabase(this.url);
    this.users = new SqliteUsers(this.db);
    this.extras = new SqliteMessageExtras(this.db);
    this.log = new SqliteEventLog(this.db, this.extras);
    this.sessions = new SqliteSessions(this.db);
    this.membership = new SqliteMembership(this.db, this.log);
    this.searchIndex = new SqliteSearchIndex(this.db);
    this.searchIndex.schedule(); // what a crash left queued
  }

  async close() {
    this.searchIndex?.close();
    if (this.db?.open) this.db.close();
  }

  async ping() {
    try {
      return this.db.prepare("SELECT 1 AS ok").get() !== undefined;
    } catch {
      return false;
    }
  }

  async createUser(input: { username: string; displayName: string; passwordHash: string }) {
    return this.users.create(input);
  }
  async findUserCredentials(username: string) {
    return this.users.credentials(username);
  }
  async findUserById(id: string) {
    return this.users.byId(id);
  }
  async findUsersByIds(ids: string[]) {
    return this.users.byIds(ids);
  }
  async updateDisplayName({ userId, displayName }: { userId: string; displayName: string }) {
    return this.db
      .transaction(() => {
        const res = this.db
          .prepare(`UPDATE users SET display_name = ?, display_name_lower = lower(?) WHERE id = ?`)
          .run(displayName, displayName, userId);
        if (res.changes === 0) throw new StoreNotFoundError("user");
        const ids = this.db.prepare(`SELECT conversation_id FROM members WHERE user_id = ?`).all(userId) as { conversation_id: string }[];
        const events = ids.map(({ conversation_id }) =>
          this.log.toEvent(this.log.append({ conversation_id, type: "member.updated", ...NO_EVENT, user_id: userId })),
        );
        return { user: this.users.byId(userId)!, events };
      })
      .immediate();
  }
  userChanged() {
    // Nothing cached: every read goes to the file.
  }
  async updatePasswordHash({ userId, passwordHash }: { userId: string; passwordHash: string }) {
    const res = this.db.prepare(`UPDATE users SET password_hash = ? WHERE id = ?`).run(passwordHash, userId);
    if (res.changes === 0) throw new StoreNotFoundError("user");
  }
  async searchUsers(input: { query: string; limit: number; excludeUserId?: string }) {
    return this.users.search(input);
  }

  async createSession(input: { userId: string; expiresAt: string }) {
    return this.sessions.create(input);
  }
  async findSession(id: string) {
    return this.sessions.find(id);
  }
  async findSessionUser({ sessionId, userId }: { sessionId: string; userId: string }) {
    return { session: this.sessions.find(sessionId), user: this.users.byId(userId) };
  }
  async listSessionsRevokedSince(since: string) {
    return this.sessions.revokedSince(since);
  }
  async revokeSessions(input: { userId: string; sessionId?: string; exceptSessionId?: string }) {
    return this.sessions.revoke(input);
  }

  async findOrCreateDirectConversation(input: { userIds: [string, string] }) {
    return this.membership.findOrCreateDirectConversation(input);
  }

  async createGroupConversation(input: { name: string; creatorId: string; memberIds: string[]; visibility?: Visibility }) {
    return this.membership.createGroupConversation(input);
  }

  async findConversation(id: string) {
    return this.log.conversation(id);
  }
  async findMember(conversationId: string, userId: string) {
    return this.log.member(conversationId, userId);
  }

  async listConversationsForUser(userId: string): Promise<ConversationSummary[]> {
    return listConversationsForUser(this.db, this.extras, userId);
  }

  async listMembershipCursors(userId: string): Promise<MembershipCursor[]> {
    return this.membership.listMembershipCursors(userId);
  }

  async renameConversation(input: { conversationId: string; name: string; actorId?: string }) {
    return this.membership.renameConversation(input);
  }

  async addMember(input: { conversationId: string; userId: string; role: MemberRole; actorId?: string }) {
    return this.membership.addMember(input);
  }

  async removeMember(input: { conversationId: string; userId: string; promoteUserId?: string; actorId?: string }) {
    return this.membership.removeMember(input);
  }

  async appendMessage(input: {
    conversationId: string;
    senderId: string;
    text: string;
    clientId?: string | null;
    id?: string;
    attachments?: Attachment[];
    replyToId?: string | null;
    mentions?: string[];
  }) {
    const result = this.db.transaction((): { message: Message; event: ChatEvent | null } => {
      if (input.clientId) {
        const prior = this.db
          .prepare(`SELECT * FROM messages WHERE conversation_id = ? AND sender_id = ? AND client_id = ?`)
          .get(input.conversationId, input.senderId, input.clientId) as MessageRow | undefined;
        if (prior) return { message: this.extras.one(prior), event: null };
      }
      const at = new Date().toISOString();
      const seq = this.log.nextMessageSeq(input.conversationId, at);
      const row: MessageRow = {
        id: input.id ?? newId(),
        conversation_id: input.conversationId,
        seq,
        sender_id: input.senderId,
        text: input.text,
        client_id: input.clientId ?? null,
        created_at: at,
        edited_at: null,
        deleted_at: null,
        attachments: input.attachments?.length ? JSON.stringify(input.attachments) : null,
        reply_to_id: input.replyToId ?? null,
      };
      this.db
        .prepare(
          `INSERT INTO messages (id, conversation_id, seq, sender_id, text, client_id, created_at, attachments, reply_to_id)
           VALUES (@id, @conversation_id, @seq, @sender_id, @text, @client_id, @created_at, @attachments, @reply_to_id)`,
        )
        .run(row);
      this.extras.setMentions(row, input.mentions ?? [], true);
      this.log.append({ conversation_id: input.conversationId, seq, at, type: "message.created", ...NO_EVENT, message_id: row.id });
      // The event from the row just written (what toEvent would read back).
      const message = this.extras.one(row);
      return { message, event: { conversationId: input.conversationId, seq, at, type: "message.created", message } };
    }).immediate();
    if (result.event) this.searchIndex.schedule();
    return result;
  }

  async findMessage(id: string) {
    const row = this.db.prepare(`SELECT * FROM messages WHERE id = ?`).get(id) as MessageRow | undefined;
    return row ? this.extras.one(row) : null;
  }

  async editMessage({ messageId, text, mentions }: { messageId: string; text: string; mentions?: string[] }) {
    return this.changeMessage(messageId, "message.updated", `text = @text, edited_at = @at`, { text }, true, (row) => {
      if (mentions) this.extras.setMentions(row, mentions);
    });
  }

  async deleteMessage({ messageId }: { messageId: string }) {
    return this.changeMessage(messageId, "message.deleted", `text = NULL, attachments = NULL, deleted_at = @at`, {}, false, (row) =>
      this.extras.clear(row.id),
    );
  }

  async addReaction(input: { messageId: string; userId: string; emoji: string; maxDistinct: number }) {
    return this.extras.react(this.log, { ...input, add: true });
  }

  async removeReaction(input: { messageId: string; userId: string; emoji: string }) {
    return this.extras.react(this.log, { ...input, add: false });
  }

  private changeMessage(
    messageId: string,
    type: "message.updated" | "message.deleted",
    set: string,
    params: object,
    onlyLive: boolean,
    alsoChange: (row: Pick<MessageRow, "id" | "conversation_id" | "seq">) => void,
  ) {
    return this.db.transaction(() => {
      const at = new Date().toISOString();
      const row = this.db
        .prepare(`UPDATE messages SET ${set} WHERE id = @id ${onlyLive ? "AND deleted_at IS NULL" : ""} RETURNING id, conversation_id, seq`)
        .get({ ...params, at, id: messageId }) as Pick<MessageRow, "id" | "conversation_id" | "seq"> | undefined;
      if (!row) {
        if (onlyLive && this.db.prepare(`SELECT 1 FROM messages WHERE id = ?`).get(messageId)) throw new StoreConflictError("message");
        throw new StoreNotFoundError("message");
      }
      alsoChange(row);
      const ev = this.log.append({ conversation_id: row.conversation_id, at, type, ...NO_EVENT, message_id: messageId });
      const event = this.log.toEvent(ev);
      return { message: (event as Extract<ChatEvent, { message: Message }>).message, event };
    }).immediate();
  }

  async listMessages({ conversationId, beforeSeq, limit }: { conversationId: string; beforeSeq?: number; limit: number }) {
    const rows = this.db
      .prepare(`SELECT * FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`)
      .all(conversationId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit) as MessageRow[];
    return this.extras.hydrate(rows);
  }

  async markRead({ conversationId, userId, seq }: { conversationId: string; userId: string; seq: number }) {
    return this.db.transaction((): ChatEvent | null => {
      const res = this.db
        .prepare(`UPDATE members SET last_read_seq = ? WHERE conversation_id = ? AND user_id = ? AND last_read_seq < ?`)
        .run(seq, conversationId, userId, seq);
      if (res.changes === 0) return null;
      const ev = this.log.append({ conversation_id: conversationId, type: "read.updated", ...NO_EVENT, user_id: userId, last_read_seq: seq });
      return this.log.toEvent(ev);
    }).immediate();
  }

  async setVisibility(input: { conversationId: string; visibility: Visibility; actorId?: string }) {
    return this.db.transaction(() => setVisibility(this.db, this.log, input)).immediate();
  }

  async listPublicChannels(input: { query: string; limit: number; userId: string }) {
    return listPublicChannels(this.db, input);
  }

  async searchMessages(input: { conversationIds: string[]; terms: string[]; before?: string; limit: number }) {
    this.searchIndex.catchUp();
    return searchMessages(this.db, input);
  }

  async listSystemEntries(input: { conversationId: string; beforeSeq?: number; limit: number }) {
    return listSystemEntries(this.db, input);
  }

  async listEventsSince({ conversationId, afterSeq, limit }: { conversationId: string; afterSeq: number; limit: number }) {
    const cache = new Map();
    return this.log.since(conversationId, afterSeq, limit).map((r) => this.log.toEvent(r, cache));
  }

  async listChangesSince(since: string): Promise<ConversationChange[]> {
    const heads = this.db
      .prepare(
        `SELECT id, last_seq FROM conversations
         WHERE id IN (SELECT DISTINCT conversation_id FROM events WHERE at >= ?)`,
      )
      .all(since) as { id: string; last_seq: number }[];
    const joins = this.db
      .prepare(`SELECT conversation_id, user_id, joined_seq FROM members WHERE joined_at >= ?`)
      .all(since) as { conversation_id: string; user_id: string; joined_seq: number }[];
    const changes = new Map<string, ConversationChange>();
    for (const h of heads) changes.set(h.id, { conversationId: h.id, lastSeq: h.last_seq, joined: [] });
    for (const j of joins) changes.get(j.conversation_id)?.joined.push({ userId: j.user_id, joinedSeq: j.joined_seq });
    return [...changes.values()];
  }
}

export function createSqliteStore(url: string): ChatStore {
  return new SqliteChatStore(url);
}
