import { MongoClient } from "mongodb";
import type { Attachment, ChatEvent, MemberRole, Visibility } from "@/lib/chat/types";
import type { EntryDoc } from "./documents";
import type { ChatStore } from "../chat-store";
import { changesSince } from "./changes";
import { newId } from "../ids";
import { MongoChannels } from "./channels";
import { MongoConversations } from "./conversations";
import { EntryLog } from "./entries";
import { toEvents } from "./events";
import { MongoMembership } from "./membership";
import { MongoMessages } from "./messages";
import { StateFolder } from "./state";
import { listSystemEntries } from "./structural";
import { searchMessages } from "./search";
import { supportsArrayIndexes } from "./indexes";
import { MongoAccounts } from "./accounts";

/**
 * ChatStore on MongoDB, or a wire-compatible server such as FerretDB, through the official
 * driver. Collections: users and conversations (both immutable once inserted) and entries, each
 * conversation's log, from which everything that changes is folded. Every write that matters is
 * a single insert against a unique index — no transactions, no change streams, no reliance on
 * atomic updates (which FerretDB v1 lacks; see documents.ts). Indexes live beside their queries.
 */
class MongoChatStore extends MongoAccounts implements ChatStore {
  readonly kind = "mongo" as const;
  private readonly client: MongoClient;
  private readonly log: EntryLog;
  private readonly messages: MongoMessages;
  private readonly conversations: MongoConversations;
  private readonly membership: MongoMembership;
  private readonly state: StateFolder;
  private readonly channels: MongoChannels;

  constructor(url: string) {
    // Fail a request in seconds, not 30 s, when the database is unreachable.
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000, ignoreUndefined: true, appName: "chat" });
    const db = client.db();
    super(db);
    this.client = client;
    this.log = new EntryLog(db);
    const state = (this.state = new StateFolder(this.log.collection));
    this.messages = new MongoMessages(this.log);
    this.conversations = new MongoConversations(db, this.users, this.log, state, this.messages);
    this.membership = new MongoMembership(this.log, state, this.conversations, this.users);
    this.channels = new MongoChannels(this.log, state, this.conversations, this.users);
  }

  async init() {
    await this.client.connect();
    const arrayIndexes = await supportsArrayIndexes(this.client.db());
    // One collection at a time: FerretDB 1.24 on PostgreSQL drops the connection ("runtime error:
    // slice bounds out of range" in its log, 22 times in one day of tests) when a fresh database
    // gets several collections and indexes at once. MongoDB does not mind either way.
    await this.initAccounts();
    await this.log.init({ arrayIndexes });
    await this.conversations.init();
  }

  async close() {
    await this.client.close();
  }

  async ping() {
    try {
      await this.client.db().command({ ping: 1 });
      return true;
    } catch {
      return false;
    }
  }

  async updateDisplayName({ userId, displayName }: { userId: string; displayName: string }) {
    const user = await this.users.updateDisplayName(userId, displayName);
    const events: ChatEvent[] = [];
    for (const { conversationId } of await this.conversations.cursors(userId)) {
      const result = await this.log.append(conversationId, async () => ({ _id: newId(), type: "member.updated", at: new Date().toISOString(), userId, name: displayName }));
      events.push(...(await this.events(conversationId, [result!.entry])));
    }
    return { user, events };
  }

  findOrCreateDirectConversation({ userIds }: { userIds: [string, string] }) {
    return this.conversations.findOrCreateDirect(userIds);
  }
  createGroupConversation(input: { name: string; creatorId: string; memberIds: string[]; visibility?: Visibility }) {
    return this.conversations.createGroup(input);
  }
  findConversation(id: string) {
    return this.conversations.find(id);
  }
  async findMember(conversationId: string, userId: string) {
    // Members are folded from the log: one read of its delta when warm (conversation-head.ts) either way.
    return (await this.conversations.find(conversationId))?.members.find((m) => m.userId === userId) ?? null;
  }
  listConversationsForUser(userId: string) {
    return this.conversations.listForUser(userId);
  }
  listMembershipCursors(userId: string) {
    return this.conversations.cursors(userId);
  }
  renameConversation({ conversationId, name, actorId }: { conversationId: string; name: string; actorId?: string }) {
    return this.membership.rename(conversationId, name, actorId);
  }
  addMember({ conversationId, userId, role, actorId }: { conversationId: string; userId: string; role: MemberRole; actorId?: string }) {
    return this.membership.add(conversationId, userId, role, actorId);
  }
  removeMember(input: { conversationId: string; userId: string; promoteUserId?: string; actorId?: string }) {
    return this.membership.remove(input.conversationId, input.userId, input.promoteUserId, input.actorId);
  }
  setVisibility(input: { conversationId: string; visibility: Visibility; actorId?: string }) {
    return this.channels.setVisibility(input.conversationId, input.visibility, input.actorId);
  }
  listPublicChannels(input: { query: string; limit: number; userId: string }) {
    return this.channels.list(input);
  }
  searchMessages(input: { conversationIds: string[]; terms: string[]; before?: string; limit: number }) {
    return searchMessages(this.log, this.messages, input);
  }
  listSystemEntries(input: { conversationId: string; beforeSeq?: number; limit: number }) {
    return listSystemEntries(this.log, input);
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
    const { message, created } = await this.messages.append(input);
    const event = created
      ? ({ type: "message.created", conversationId: message.conversationId, seq: message.seq, at: message.createdAt, message } as const)
      : null;
    return { message, event };
  }
  findMessage(id: string) {
    return this.messages.find(id);
  }
  async editMessage({ messageId, text, mentions }: { messageId: string; text: string; mentions?: string[] }) {
    return this.messageEvent(await this.messages.edit(messageId, text, mentions));
  }
  async deleteMessage({ messageId }: { messageId: string }) {
    return this.messageEvent(await this.messages.delete(messageId));
  }
  addReaction(input: { messageId: string; userId: string; emoji: string; maxDistinct: number }) {
    return this.reaction(input.messageId, this.messages.react({ ...input, add: true }));
  }
  removeReaction(input: { messageId: string; userId: string; emoji: string }) {
    return this.reaction(input.messageId, this.messages.react({ ...input, add: false }));
  }
  private async reaction(messageId: string, change: Promise<EntryDoc | null>) {
    const entry = await change;
    if (!entry) return { message: (await this.messages.find(messageId))!, event: null };
    return this.messageEvent(entry);
  }
  listMessages(input: { conversationId: string; beforeSeq?: number; limit: number }) {
    return this.messages.list(input);
  }
  markRead({ conversationId, userId, seq }: { conversationId: string; userId: string; seq: number }) {
    return this.membership.markRead(conversationId, userId, seq);
  }

  async listEventsSince({ conversationId, afterSeq, limit }: { conversationId: string; afterSeq: number; limit: number }) {
    return this.events(conversationId, await this.log.since(conversationId, afterSeq, limit));
  }
  listChangesSince(since: string) {
    return changesSince(this.log.collection, this.state, since);
  }

  private async messageEvent(entry: EntryDoc) {
    const [event] = await this.events(entry.conversationId, [entry]);
    if (!("message" in event)) throw new Error(`unexpected ${event.type}`);
    return { message: event.message, event };
  }

  private events(conversationId: string, entries: EntryDoc[]) {
    return toEvents(entries, {
      log: this.log,
      messages: this.messages,
      users: this.users,
      snapshot: () => this.conversations.find(conversationId),
    });
  }
}

export function createMongoStore(url: string): ChatStore {
  return new MongoChatStore(url);
}
