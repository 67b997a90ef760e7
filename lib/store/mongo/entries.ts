import type { Collection, Db, IndexDescription } from "mongodb";
import { StoreNotFoundError } from "../chat-store";
import { isDuplicateKey, type EntryDoc } from "./documents";
import { ensureIndexes } from "./indexes";
import { Lru } from "./lru";
import { SEARCH_INDEXES } from "./search";

const INDEXES: IndexDescription[] = [
  // Allocates seqs (an insert at a taken seq fails) and serves log reads.
  { key: { conversationId: 1, seq: 1 }, name: "conversation_seq_unique", unique: true },
  // History pages (message.created by seq) and the structural part of the state fold.
  { key: { conversationId: 1, type: 1, seq: 1 }, name: "conversation_type_seq" },
  // A member's latest read marker.
  { key: { conversationId: 1, userId: 1, type: 1, seq: 1 }, name: "conversation_user_type_seq" },
  // Edits and deletions of given messages.
  { key: { messageId: 1, seq: 1 }, name: "message_changes" },
  // Unread mentions of a user (multikey on mentions).
  { key: { conversationId: 1, mentions: 1, seq: 1 }, name: "conversation_mentions_seq" },
  // The conversations a user joined (multikey).
  { key: { joins: 1 }, name: "joins" },
  // What changed since the stream safety net's last pass.
  { key: { at: 1 }, name: "at" },
  ...SEARCH_INDEXES,
];

/** Contention resolves within a few rounds; this only stops a runaway loop. */
const MAX_ATTEMPTS = 1_000;

export type Draft = Omit<EntryDoc, "seq" | "conversationId">;

/**
 * Each conversation's log. Messages and events share one gap-free seq space.
 *
 * Append = insert at (last seq + 1); the unique (conversationId, seq) index rejects a taken seq,
 * and the writer re-reads and retries. Seq N+1 is only ever inserted by a writer that has seen N,
 * so entries become visible in seq order and a reader that has seen N can always read all ≤ N
 * (a counter incremented first and inserted later could not promise that). The same insert is
 * the version check for preconditions: see append().
 */
export class EntryLog {
  readonly collection: Collection<EntryDoc>;
  /** Appends of this process to one conversation run one at a time: no self-contention. */
  private readonly tails = new Map<string, Promise<unknown>>();
  /** The highest seq this process has seen per conversation: a hint, checked by the insert. */
  private readonly known = new Lru<string, number>(10_000);

  constructor(db: Db) {
    this.collection = db.collection<EntryDoc>("entries");
  }

  async init(opts: { arrayIndexes: boolean }) {
    await ensureIndexes(this.collection, INDEXES, opts);
  }

  async maxSeq(conversationId: string): Promise<number> {
    return (await this.head(conversationId))?.seq ?? 0;
  }

  /** The newest entry's position, type and time (null for no such conversation). */
  async head(conversationId: string): Promise<Pick<EntryDoc, "seq" | "type" | "at"> | null> {
    const top = await this.collection.findOne({ conversationId }, { sort: { seq: -1 }, projection: { seq: 1, type: 1, at: 1 } });
    if (top) this.saw(conversationId, top.seq);
    return top;
  }

  /** A reader found entries up to `seq`: the next append here starts from there without a query. */
  saw(conversationId: string, seq: number) {
    if (seq > (this.known.get(conversationId) ?? 0)) this.known.set(conversationId, seq);
  }

  /**
   * Appends one entry. decide(last) sees the log up to `last` (every entry ≤ last exists) and
   * returns the entry to write, or null when there is nothing to do. The entry goes to last+1;
   * if that seq is taken meanwhile, the insert fails and decide runs again on the longer log.
   * So a precondition checked in decide ("not a member yet", "not deleted") still holds when the
   * entry lands: optimistic concurrency with the unique index as the version check.
   *
   * With idempotent, a failed insert whose _id already exists returns that entry (created=false).
   */
  append(
    conversationId: string,
    decide: (last: number) => Promise<Draft | null>,
    opts: { idempotent?: boolean } = {},
  ): Promise<{ entry: EntryDoc; created: boolean } | null> {
    return this.serial(conversationId, async () => {
      let last = this.known.get(conversationId) ?? (await this.maxSeq(conversationId));
      for (let attempt = 1; ; attempt++) {
        if (last === 0) throw new StoreNotFoundError("conversation");
        const draft = await decide(last);
        if (!draft) return null;
        const entry = { ...draft, conversationId, seq: last + 1 } as EntryDoc;
        try {
          await this.collection.insertOne(entry);
          this.known.set(conversationId, entry.seq);
          return { entry, created: true };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          if (opts.idempotent) {
            const existing = await this.collection.findOne({ _id: entry._id });
            if (existing) return { entry: existing, created: false };
          }
          if (attempt >= MAX_ATTEMPTS) throw new Error(`no free seq in ${conversationId} after ${attempt} attempts`);
          // Another process took last+1, so it exists: step onto it without a query (a failed
          // insert is as cheap as reading the head), and re-read the head now and then in case
          // this process is far behind. A little jitter keeps a losing streak from repeating.
          if (attempt > 4) await sleep(Math.random() * 2);
          const seen = this.known.get(conversationId) ?? 0; // a reader here may have seen further
          last = attempt % 32 === 0 ? await this.maxSeq(conversationId) : Math.max(last + 1, seen);
        }
      }
    });
  }

  since(conversationId: string, afterSeq: number, limit: number): Promise<EntryDoc[]> {
    if (limit <= 0) return Promise.resolve([]);
    return this.collection
      .find({ conversationId, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
  }

  private serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
