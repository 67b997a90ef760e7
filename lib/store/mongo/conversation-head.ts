import type { Collection } from "mongodb";
import type { ConversationDoc, EntryDoc } from "./documents";
import type { EntryLog } from "./entries";
import { Lru } from "./lru";
import type { MongoMessages } from "./messages";
import { fold, type ConversationState, type StateFolder } from "./state";

/** A conversation as of its newest entry: its folded state and the time of its newest message. */
export interface Head {
  state: ConversationState;
  /** The newest message.created entry's time (deleted or not), null before the first message. */
  lastMessageAt: string | null;
}

/** What fold() and lastMessageAt read of an entry: never a message's text, files or search words. */
const HEAD_FIELDS = { seq: 1, type: 1, at: 1, name: 1, visibility: 1, members: 1, userId: 1, role: 1, promoteUserId: 1, lastReadSeq: 1 } as const;

/**
 * Entries one read brings back at most. A warm instance usually finds 0–2 new entries (its own
 * last send, a few from other instances); past this window it folds the rest with StateFolder's
 * typed read instead of carrying a long burst over the wire.
 */
const WINDOW = 64;

/**
 * The reads behind findConversation (every send's membership check), at one database round trip
 * when the conversation was read here before:
 * - the conversation document is immutable (its visibility copy is the directory's index, never
 *   read here: state.visibility is), so it is cached for good once it exists;
 * - the head and the state fold are one query: every entry after the cached position, newest
 *   first, with only the fields the fold needs. The log is gap-free and an entry is visible only
 *   after all before it (entries.ts), so when the count of entries returned equals the distance
 *   from the cached position to the newest, they are all of them, and folding them onto the
 *   cached state gives the state at the head — as fresh as reading the head alone was. An empty
 *   answer means the cached head is still the head.
 */
export class ConversationHeads {
  private readonly docs = new Lru<string, ConversationDoc>(10_000);
  private readonly heads = new Lru<string, Head>(5_000);

  constructor(
    private readonly conversations: Collection<ConversationDoc>,
    private readonly log: EntryLog,
    private readonly state: StateFolder,
    private readonly messages: MongoMessages,
  ) {}

  /** Null is never cached: a conversation another instance creates a moment later is found then. */
  async doc(id: string): Promise<ConversationDoc | null> {
    const hit = this.docs.get(id);
    if (hit) return hit;
    const doc = await this.conversations.findOne({ _id: id });
    if (doc) this.docs.set(id, doc);
    return doc;
  }

  async read(conversationId: string): Promise<Head> {
    const cached = this.heads.get(conversationId);
    const head = cached ? await this.extend(conversationId, cached) : await this.cold(conversationId);
    const now = this.heads.get(conversationId); // a concurrent read may have gone further meanwhile
    if (head.state.seq > 0 && (!now || head.state.seq > now.state.seq)) {
      this.heads.set(conversationId, head);
      this.state.remember(conversationId, head.state);
    }
    return head;
  }

  private async cold(conversationId: string): Promise<Head> {
    const top = await this.log.head(conversationId);
    if (!top) return { state: await this.state.at(conversationId, 0), lastMessageAt: null };
    // On a busy conversation the newest entry is a message, whose time is the one wanted.
    const [state, lastMessageAt] = await Promise.all([
      this.state.at(conversationId, top.seq),
      top.type === "message.created" ? top.at : this.messages.lastCreated(conversationId).then((m) => m?.at ?? null),
    ]);
    return { state, lastMessageAt };
  }

  private async extend(conversationId: string, cached: Head): Promise<Head> {
    const newer = await this.log.collection
      .find({ conversationId, seq: { $gt: cached.state.seq } }, { sort: { seq: -1 }, limit: WINDOW, projection: HEAD_FIELDS })
      .toArray();
    const top = newer[0]?.seq ?? cached.state.seq;
    this.log.saw(conversationId, top); // the send's append then starts from here without a query
    if (newer.length === 0) return cached;
    const message = newer.find((e) => e.type === "message.created");
    if (newer.length === top - cached.state.seq) {
      return { state: fold(cached.state, newer.reverse() as EntryDoc[], top), lastMessageAt: message?.at ?? cached.lastMessageAt };
    }
    // More came in than one window holds: fold the rest by type, find the newest message by index.
    const [state, lastMessageAt] = await Promise.all([
      this.state.at(conversationId, top),
      message ? message.at : this.messages.lastCreated(conversationId).then((m) => m?.at ?? null),
    ]);
    return { state, lastMessageAt };
  }
}
