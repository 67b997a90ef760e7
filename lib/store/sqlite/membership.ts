import type Database from "better-sqlite3";
import type { ChatEvent, MemberRole, MembershipCursor, Visibility } from "@/lib/chat/types";
import { StoreNotFoundError } from "../chat-store";
import { newId } from "../ids";
import { NO_EVENT, type SqliteEventLog } from "./event-log";

/**
 * Conversations and who is in them, on SQLite: each change of membership or name is one
 * immediate transaction with its event in the conversation's log (see SqliteChatStore).
 */
export class SqliteMembership {
  constructor(
    private readonly db: Database.Database,
    private readonly log: SqliteEventLog,
  ) {}

  findOrCreateDirectConversation({ userIds }: { userIds: [string, string] }) {
    const key = [...userIds].sort().join(":");
    return this.db.transaction(() => {
      const existing = this.db.prepare(`SELECT id FROM conversations WHERE direct_key = ?`).get(key) as
        | { id: string }
        | undefined;
      if (existing) return { conversation: this.log.conversation(existing.id)!, created: false, events: [] };
      const id = this.insertConversation("direct", null, key, userIds.map((u) => [u, "member"]), userIds[0]);
      const events = [this.log.toEvent(this.log.since(id, 0, 1)[0])];
      return { conversation: this.log.conversation(id)!, created: true, events };
    }).immediate();
  }

  createGroupConversation(input: { name: string; creatorId: string; memberIds: string[]; visibility?: Visibility }) {
    return this.db.transaction(() => {
      const others = [...new Set(input.memberIds)].filter((m) => m !== input.creatorId);
      const members: [string, MemberRole][] = [[input.creatorId, "admin"], ...others.map((m): [string, MemberRole] => [m, "member"])];
      const id = this.insertConversation("group", input.name, null, members, input.creatorId);
      if (input.visibility === "public") this.db.prepare(`UPDATE conversations SET visibility = 'public' WHERE id = ?`).run(id);
      const events = [this.log.toEvent(this.log.since(id, 0, 1)[0])];
      return { conversation: this.log.conversation(id)!, events };
    }).immediate();
  }

  /** Inserts the conversation, its members and the conversation.created event (seq 1). */
  private insertConversation(
    type: "direct" | "group",
    name: string | null,
    directKey: string | null,
    members: [string, MemberRole][],
    actorId: string,
  ) {
    const id = newId();
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO conversations (id, type, name, direct_key, created_at, last_activity_at, last_seq)
         VALUES (?, ?, ?, ?, ?, ?, 0)`,
      )
      .run(id, type, name, directKey, now, now);
    const seq = this.log.nextSeq(id);
    const add = this.db.prepare(
      `INSERT INTO members (conversation_id, user_id, role, joined_at, joined_seq) VALUES (?, ?, ?, ?, ?)`,
    );
    for (const [userId, role] of members) add.run(id, userId, role, now, seq);
    this.log.append({ conversation_id: id, seq, at: now, type: "conversation.created", ...NO_EVENT, actor_id: actorId, data: JSON.stringify({ name }) });
    return id;
  }

  listMembershipCursors(userId: string): MembershipCursor[] {
    const rows = this.db
      .prepare(
        `SELECT m.conversation_id, m.joined_seq, c.last_seq FROM members m
         JOIN conversations c ON c.id = m.conversation_id WHERE m.user_id = ?`,
      )
      .all(userId) as { conversation_id: string; joined_seq: number; last_seq: number }[];
    return rows.map((r) => ({ conversationId: r.conversation_id, joinedSeq: r.joined_seq, lastSeq: r.last_seq }));
  }

  renameConversation({ conversationId, name, actorId }: { conversationId: string; name: string; actorId?: string }) {
    return this.db.transaction(() => {
      const res = this.db.prepare(`UPDATE conversations SET name = ? WHERE id = ?`).run(name, conversationId);
      if (res.changes === 0) throw new StoreNotFoundError("conversation");
      const data = JSON.stringify({ name });
      return this.log.toEvent(this.log.append({ conversation_id: conversationId, type: "conversation.updated", ...NO_EVENT, actor_id: actorId ?? null, data }));
    }).immediate();
  }

  addMember({ conversationId, userId, role, actorId }: { conversationId: string; userId: string; role: MemberRole; actorId?: string }) {
    return this.db.transaction((): ChatEvent | null => {
      const exists = this.db
        .prepare(`SELECT 1 FROM members WHERE conversation_id = ? AND user_id = ?`)
        .get(conversationId, userId);
      if (exists) return null;
      const seq = this.log.nextSeq(conversationId);
      const at = new Date().toISOString();
      this.db
        .prepare(`INSERT INTO members (conversation_id, user_id, role, joined_at, joined_seq) VALUES (?, ?, ?, ?, ?)`)
        .run(conversationId, userId, role, at, seq);
      const row = this.log.append({
        conversation_id: conversationId,
        seq,
        at,
        type: "member.added",
        ...NO_EVENT,
        user_id: userId,
        actor_id: actorId ?? null,
        data: JSON.stringify({ role }),
      });
      return this.log.toEvent(row);
    }).immediate();
  }

  removeMember(input: { conversationId: string; userId: string; promoteUserId?: string; actorId?: string }) {
    return this.db.transaction((): ChatEvent | null => {
      const res = this.db
        .prepare(`DELETE FROM members WHERE conversation_id = ? AND user_id = ?`)
        .run(input.conversationId, input.userId);
      if (res.changes === 0) return null;
      const promoted = input.promoteUserId
        ? this.db
            .prepare(`UPDATE members SET role = 'admin' WHERE conversation_id = ? AND user_id = ?`)
            .run(input.conversationId, input.promoteUserId).changes > 0
        : false;
      const row = this.log.append({
        conversation_id: input.conversationId,
        type: "member.removed",
        ...NO_EVENT,
        user_id: input.userId,
        actor_id: input.actorId ?? null,
        data: JSON.stringify({ promotedUserId: promoted ? input.promoteUserId : null }),
      });
      return this.log.toEvent(row);
    }).immediate();
  }
}
