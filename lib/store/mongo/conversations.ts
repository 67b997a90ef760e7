import type { Collection, Db, IndexDescription } from "mongodb";
import type { ChatEvent, Conversation, ConversationSummary, MemberRole, MembershipCursor, Message, Visibility } from "@/lib/chat/types";
import { newId } from "../ids";
import { ConversationHeads } from "./conversation-head";
import { isDuplicateKey, type ConversationDoc, type EntryDoc } from "./documents";
import { ensureIndexes } from "./indexes";
import type { EntryLog } from "./entries";
import type { MongoMessages } from "./messages";
import { toMembers, type ConversationState, type StateFolder } from "./state";
import type { MongoUsers } from "./users";

const INDEXES: IndexDescription[] = [
  // One direct conversation per pair. Groups carry "group:<id>", so a plain unique index works
  // where partial or sparse unique indexes are unavailable (FerretDB).
  { key: { directKey: 1 }, name: "direct_key_unique", unique: true },
  // The channel directory's candidates (see channels.ts).
  { key: { visibility: 1, type: 1 }, name: "visibility_type" },
];

interface Loaded {
  doc: ConversationDoc;
  state: ConversationState;
  lastActivityAt: string;
  /** Only where the caller shows it (the conversation list). */
  lastMessage?: Message | null;
}

export class MongoConversations {
  readonly collection: Collection<ConversationDoc>;
  private readonly heads: ConversationHeads;

  constructor(
    db: Db,
    private readonly users: MongoUsers,
    private readonly log: EntryLog,
    private readonly state: StateFolder,
    private readonly messages: MongoMessages,
  ) {
    this.collection = db.collection<ConversationDoc>("conversations");
    this.heads = new ConversationHeads(this.collection, log, state, messages);
  }

  async init() {
    await ensureIndexes(this.collection, INDEXES);
  }

  async findOrCreateDirect(userIds: [string, string]) {
    const directKey = [...userIds].sort().join(":");
    const existing = async () => {
      const doc = await this.collection.findOne({ directKey });
      if (!doc) throw new Error(`direct conversation ${directKey} vanished`);
      return { conversation: (await this.present([await this.load(doc)]))[0], created: false, events: [] as ChatEvent[] };
    };
    if (await this.collection.findOne({ directKey }, { projection: { _id: 1 } })) return existing();
    const created = await this.create("direct", null, () => directKey, userIds.map((u): [string, MemberRole] => [u, "member"]));
    // null: the other side created it at the same moment, and its conversation wins.
    return created ? { ...created, created: true } : existing();
  }

  async createGroup(input: { name: string; creatorId: string; memberIds: string[]; visibility?: Visibility }) {
    const others = [...new Set(input.memberIds)].filter((m) => m !== input.creatorId);
    const members: [string, MemberRole][] = [[input.creatorId, "admin"], ...others.map((m): [string, MemberRole] => [m, "member"])];
    const created = await this.create("group", input.name, (id) => `group:${id}`, members, input.visibility ?? "private");
    if (!created) throw new Error("group id collision");
    return created;
  }

  /** Null when the directKey is taken. */
  private async create(
    type: ConversationDoc["type"],
    name: string | null,
    directKey: (id: string) => string,
    members: [string, MemberRole][],
    visibility: Visibility = "private",
  ) {
    const id = newId();
    const at = new Date().toISOString();
    const entry: EntryDoc = {
      _id: newId(),
      conversationId: id,
      seq: 1,
      type: "conversation.created",
      at,
      name,
      members: members.map(([userId, role]) => ({ userId, role })),
      joins: members.map(([userId]) => userId),
      actorId: members[0][0],
      ...(visibility === "public" ? { visibility } : {}),
    };
    // Log first: nobody knows the id yet, and once the conversation exists its seq 1 is taken.
    // A losing DM racer leaves an unreferenced entry, deleted here (readers ignore it anyway:
    // a conversation exists only with its document).
    await this.log.collection.insertOne(entry);
    const doc: ConversationDoc = { _id: id, type, directKey: directKey(id), createdAt: at, visibility, visibilitySeq: 1 };
    try {
      await this.collection.insertOne(doc);
    } catch (err) {
      await this.log.collection.deleteOne({ _id: entry._id }).catch(() => {});
      if (isDuplicateKey(err)) return null;
      throw err;
    }
    const [conversation] = await this.present([await this.load(doc)]);
    const event: ChatEvent = { type: "conversation.created", conversationId: id, seq: 1, at, actorId: members[0][0], conversation };
    return { conversation, events: [event] };
  }

  async find(id: string): Promise<Conversation | null> {
    const doc = await this.heads.doc(id);
    return doc ? (await this.present([await this.load(doc)]))[0] : null;
  }

  async listForUser(userId: string): Promise<ConversationSummary[]> {
    const loaded = (await Promise.all((await this.candidates(userId)).map((d) => this.loadWithLast(d)))).filter((l) =>
      l.state.members.has(userId),
    );
    const counts = await Promise.all(
      loaded.map((l) => {
        const lastReadSeq = l.state.members.get(userId)!.lastReadSeq;
        return Promise.all([
          this.messages.unreadCount(l.doc._id, userId, lastReadSeq),
          this.messages.mentionCount(l.doc._id, userId, lastReadSeq),
        ]);
      }),
    );
    const conversations = await this.present(loaded);
    return conversations
      .map((c, i) => ({ ...c, lastMessage: loaded[i].lastMessage ?? null, unreadCount: counts[i][0], mentionCount: counts[i][1] }))
      .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt) || (a.id < b.id ? -1 : 1));
  }

  async cursors(userId: string): Promise<MembershipCursor[]> {
    const cursors = await Promise.all(
      (await this.candidates(userId)).map(async (doc) => {
        const state = await this.state.at(doc._id, await this.log.maxSeq(doc._id));
        const me = state.members.get(userId);
        return me ? { conversationId: doc._id, joinedSeq: me.joinedSeq, lastSeq: state.seq } : null;
      }),
    );
    return cursors.filter((c): c is MembershipCursor => c !== null);
  }

  /** Every conversation the user ever joined; callers keep those where they still are a member. */
  private async candidates(userId: string): Promise<ConversationDoc[]> {
    // By type, though the joins index alone answers on MongoDB: FerretDB 1.x pushes the type
    // equality down to PostgreSQL but not the array match, which alone read the whole log in Go.
    const [created, added] = await Promise.all(
      (["conversation.created", "member.added"] as const).map((type) => this.log.collection.distinct("conversationId", { type, joins: userId })),
    );
    const ids = [...new Set([...created, ...added])];
    return ids.length ? this.collection.find({ _id: { $in: ids } }).toArray() : [];
  }

  /** With its last message, for the list. */
  private async loadWithLast(doc: ConversationDoc): Promise<Loaded> {
    const [last, lastMessage] = await Promise.all([this.log.maxSeq(doc._id), this.messages.last(doc._id)]);
    return { doc, state: await this.state.at(doc._id, last), lastMessage, lastActivityAt: lastMessage?.createdAt ?? doc.createdAt };
  }

  /** Without it: only the last message's time (a send's membership check: conversation-head.ts). */
  private async load(doc: ConversationDoc): Promise<Loaded> {
    const { state, lastMessageAt } = await this.heads.read(doc._id);
    return { doc, state, lastActivityAt: lastMessageAt ?? doc.createdAt };
  }

  private async present(loaded: Loaded[]): Promise<Conversation[]> {
    const users = await this.users.mapByIds(loaded.flatMap((l) => [...l.state.members.keys()]));
    return loaded.map(({ doc, state, lastActivityAt }) => ({
      id: doc._id,
      type: doc.type,
      name: state.name,
      visibility: state.visibility,
      createdAt: doc.createdAt,
      lastActivityAt,
      lastSeq: state.seq,
      members: toMembers(state, users),
    }));
  }
}
