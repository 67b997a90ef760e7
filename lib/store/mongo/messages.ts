import { createHash } from "node:crypto";
import { UNREAD_COUNT_MAX, type Attachment, type Message } from "@/lib/chat/types";
import { StoreConflictError, StoreNotFoundError } from "../chat-store";
import { newId } from "../ids";
import type { EntryDoc } from "./documents";
import type { EntryLog } from "./entries";
import { foldMessage, toReplyRef } from "./message-fold";
import { searchIndex } from "./search";

/**
 * Messages are message.created entries; edits and deletions are later entries that reference
 * them, and a message's current state is folded from the three (indexes: entries.ts).
 */
export class MongoMessages {
  constructor(private readonly log: EntryLog) {}

  private get entries() {
    return this.log.collection;
  }

  /**
   * With a clientId the message id is derived from (conversation, sender, clientId), so the
   * primary key itself makes a retry idempotent: no partial unique index (FerretDB has none)
   * and no second collection that could disagree with the log.
   */
  async append(input: {
    conversationId: string;
    senderId: string;
    text: string;
    clientId?: string | null;
    id?: string;
    attachments?: Attachment[];
    replyToId?: string | null;
    mentions?: string[];
  }) {
    const clientId = input.clientId || null;
    const _id = input.id ?? (clientId ? idempotentMessageId(input.conversationId, input.senderId, clientId) : newId());
    const attachments = input.attachments?.length ? input.attachments : null;
    const result = await this.log.append(
      input.conversationId,
      async () => {
        const at = now();
        return {
          _id,
          type: "message.created",
          at,
          senderId: input.senderId,
          text: input.text,
          clientId,
          attachments,
          deletedAt: null,
          replyToId: input.replyToId ?? null,
          mentions: input.mentions ?? [],
          fts: searchIndex(input.text, at, _id),
        };
      },
      { idempotent: clientId !== null },
    );
    const { entry, created } = result!;
    // A message inserted just now has no edit, deletion or reaction yet (each is a later entry
    // that names it): its state is the entry itself, with no read of its changes.
    const [message] = created ? await this.withReplies([entry], [foldMessage(entry, [])]) : await this.current([entry]);
    return { message, created };
  }

  async find(id: string): Promise<Message | null> {
    const created = await this.entries.findOne({ _id: id, type: "message.created" });
    return created ? (await this.current([created]))[0] : null;
  }

  /** Editing a deleted message is refused (its text is gone for good). */
  async edit(messageId: string, text: string, mentions?: string[]) {
    const created = await this.created(messageId);
    const { entry } = (await this.log.append(created.conversationId, async (last) => {
      const deleted = await this.entries.findOne({ messageId, type: "message.deleted", seq: { $lte: last } });
      if (deleted) throw new StoreConflictError("message");
      return { _id: newId(), type: "message.updated", at: now(), messageId, text, ...(mentions ? { mentions } : {}), fts: searchIndex(text, created.at, messageId) };
    }))!;
    return entry;
  }

  /**
   * Adds or removes one reaction. The checks run against the message folded up to the log
   * position the new entry follows, so the unique (conversationId, seq) insert makes them atomic.
   * Returns null when nothing changes (already there / not there).
   */
  async react(input: { messageId: string; userId: string; emoji: string; add: boolean; maxDistinct?: number }) {
    const { messageId, userId, emoji, add } = input;
    const created = await this.created(messageId);
    const result = await this.log.append(created.conversationId, async (last) => {
      const changes = await this.entries.find({ messageId, seq: { $lte: last } }).sort({ seq: 1 }).toArray();
      const message = foldMessage(created, changes);
      if (message.deletedAt) throw new StoreConflictError("message");
      const reaction = message.reactions.find((r) => r.emoji === emoji);
      if (add === !!reaction?.userIds.includes(userId)) return null;
      if (add && !reaction && input.maxDistinct !== undefined && message.reactions.length >= input.maxDistinct) {
        throw new StoreConflictError("reactions");
      }
      return { _id: newId(), type: add ? "reaction.added" : "reaction.removed", at: now(), messageId, userId, emoji };
    });
    return result?.entry ?? null;
  }

  /** Logs the deletion, then erases the text from every entry that holds it. */
  async delete(messageId: string) {
    const created = await this.created(messageId);
    const at = now();
    const { entry } = (await this.log.append(created.conversationId, async () => ({
      _id: newId(),
      type: "message.deleted",
      at,
      messageId,
      senderId: created.senderId,
    })))!;
    await this.erase(messageId, at);
    return entry;
  }

  /**
   * Every eraser writes the same values, and nothing else updates these entries, so even a
   * read-modify-write server (FerretDB) cannot lose or resurrect anything here.
   */
  private async erase(messageId: string, deletedAt: string) {
    await this.entries.updateMany(
      { messageId, type: "message.updated", $or: [{ text: { $ne: null } }, { fts: { $ne: null } }] },
      { $set: { text: null, fts: null } },
    );
    await this.entries.updateOne({ _id: messageId }, { $set: { text: null, attachments: null, deletedAt, fts: null } });
  }

  private async created(messageId: string): Promise<EntryDoc> {
    const created = await this.entries.findOne({ _id: messageId, type: "message.created" });
    if (!created) throw new StoreNotFoundError("message");
    return created;
  }

  /**
   * Current state of messages, in the order given, with reply quotes from their parents' current
   * state (one level: a quote never carries its own parent). Finishes an erase a crash interrupted.
   */
  async current(created: EntryDoc[], opts: { replies?: boolean } = {}): Promise<Message[]> {
    if (created.length === 0) return [];
    const changes = await this.entries
      .find({ ...sameConversation(created), messageId: { $in: created.map((c) => c._id) } })
      .sort({ seq: 1 })
      .toArray();
    return Promise.all(
      created.map(async (c) => {
        const own = changes.filter((x) => x.messageId === c._id);
        const message = foldMessage(c, own);
        const leftover = c.text != null || c.attachments != null || c.fts != null || own.some((x) => x.text != null || x.fts != null);
        if (message.deletedAt && leftover) await this.erase(c._id, message.deletedAt);
        return message;
      }),
    ).then((messages) => (opts.replies === false ? messages : this.withReplies(created, messages)));
  }

  private async withReplies(created: EntryDoc[], messages: Message[]): Promise<Message[]> {
    const parentIds = [...new Set(created.flatMap((c) => (c.replyToId ? [c.replyToId] : [])))];
    if (parentIds.length === 0) return messages;
    const docs = await this.entries.find({ _id: { $in: parentIds }, type: "message.created" }).toArray();
    const parents = new Map((await this.current(docs, { replies: false })).map((p) => [p.id, p]));
    return messages.map((m, i) => {
      const replyToId = created[i].replyToId;
      return replyToId ? { ...m, replyTo: toReplyRef(parents.get(replyToId), replyToId) } : m;
    });
  }

  /**
   * Unread messages of others that mention the user. Candidates come from the index (mentioned
   * when sent, or by a later edit); each is then folded, since an edit may have dropped the
   * mention and a deletion drops them all.
   */
  async mentionCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number> {
    const after = { conversationId, mentions: userId, seq: { $gt: lastReadSeq } };
    const [sent, edited] = await Promise.all([
      this.entries.find({ ...after, type: "message.created" }, { projection: { _id: 1 } }).toArray(),
      this.entries.find({ ...after, type: "message.updated" }, { projection: { messageId: 1 } }).toArray(),
    ]);
    const ids = [...new Set([...sent.map((e) => e._id), ...edited.map((e) => e.messageId!)])];
    if (ids.length === 0) return 0;
    const docs = await this.entries.find({ conversationId, _id: { $in: ids }, type: "message.created" }).toArray();
    const messages = await this.current(docs, { replies: false });
    const n = messages.filter((m) => m.seq > lastReadSeq && m.senderId !== userId && !m.deletedAt && m.mentions.includes(userId)).length;
    return Math.min(n, UNREAD_COUNT_MAX);
  }

  async list(input: { conversationId: string; beforeSeq?: number; limit: number }): Promise<Message[]> {
    if (input.limit <= 0) return [];
    const created = await this.entries
      .find({
        conversationId: input.conversationId,
        type: "message.created",
        ...(input.beforeSeq !== undefined ? { seq: { $lt: input.beforeSeq } } : {}),
      })
      .sort({ seq: -1 })
      .limit(input.limit)
      .toArray();
    return this.current(created);
  }

  /** The newest message.created entry as stored (no fold): its time is the conversation's last activity. */
  lastCreated(conversationId: string) {
    return this.entries.findOne({ conversationId, type: "message.created" }, { sort: { seq: -1 }, projection: { at: 1 } });
  }

  async last(conversationId: string): Promise<Message | null> {
    const [message] = await this.list({ conversationId, limit: 1 });
    return message ?? null;
  }

  /** Messages from others after the read marker, not counting deleted ones. */
  unreadCount(conversationId: string, userId: string, lastReadSeq: number): Promise<number> {
    return this.entries.countDocuments({
      conversationId,
      type: "message.created",
      seq: { $gt: lastReadSeq },
      senderId: { $ne: userId },
      deletedAt: null,
    }, { limit: UNREAD_COUNT_MAX });
  }
}

/**
 * The conversation of entries that all share one, as a filter. Redundant for MongoDB (the ids
 * decide), but FerretDB 1.x does not push `$in` down to PostgreSQL: without an equality beside it,
 * it reads and decodes the whole log of every conversation in Go (~0.3 ms per entry here).
 */
function sameConversation(entries: EntryDoc[]): { conversationId?: string } {
  const id = entries[0].conversationId;
  return entries.every((e) => e.conversationId === id) ? { conversationId: id } : {};
}

function idempotentMessageId(conversationId: string, senderId: string, clientId: string): string {
  const digest = createHash("sha256").update(`${conversationId}\n${senderId}\n${clientId}`).digest();
  return digest.subarray(0, 16).toString("base64url");
}

const now = () => new Date().toISOString();
