import type Database from "better-sqlite3";
import { classifySqliteError } from "./faults";

const isBusy = (err: unknown) => classifySqliteError(err)?.reason === "busy";

/** A queued message waits at most about this long before a batch indexes it (searches never wait). */
const BATCH_DELAY_MS = 250;
/** Messages per batch transaction: bounds how long one batch holds the event loop and the lock. */
const BATCH_SIZE = 200;
/** After a failed batch (another process holds the lock, a full disk), the next try. */
const RETRY_MS = 2_000;

/**
 * Keeps the FTS5 index (messages_fts) in step with the messages queued by the insert trigger
 * (schema.ts, messages_fts_pending). Writes index queued messages in batches a moment after a send,
 * and a search first indexes whatever is still queued, so it sees every committed message. A
 * queue left by a crash is taken at the next start. Indexing writes nothing a send depends on: a
 * batch that fails is tried again later and never fails a request.
 */
export class SqliteSearchIndex {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly db: Database.Database) {}

  /** After a write that may have queued messages: a batch runs soon. */
  schedule(delayMs = BATCH_DELAY_MS) {
    if (this.timer || !this.db.open) return;
    this.timer = setTimeout(() => this.runBatches(), delayMs);
    this.timer.unref?.();
  }

  /** Before a search: everything queued goes into the index (best effort; see runBatches). */
  catchUp() {
    try {
      while (this.indexBatch() === BATCH_SIZE);
    } catch (err) {
      // The search answers from the index as it is rather than failing: at worst it misses the
      // messages of the last moment while the disk is full or another process holds the lock.
      if (!isBusy(err)) console.warn("[store] search index not brought up to date:", (err as Error).message);
      this.schedule(RETRY_MS);
    }
  }

  close() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One transaction per batch, yielding to the event loop between batches. */
  private runBatches() {
    this.timer = null;
    if (!this.db.open) return;
    try {
      if (this.indexBatch() === BATCH_SIZE) this.schedule(0);
    } catch (err) {
      if (!isBusy(err)) console.warn("[store] search indexing failed; retrying:", (err as Error).message);
      this.schedule(RETRY_MS);
    }
  }

  /** Indexes up to BATCH_SIZE queued messages with their current text; returns how many were queued. */
  private indexBatch(): number {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(`SELECT message_rowid AS id FROM messages_fts_pending ORDER BY message_rowid LIMIT ?`)
          .all(BATCH_SIZE) as { id: number }[];
        if (rows.length === 0) return 0;
        const last = rows[rows.length - 1].id;
        this.db
          .prepare(
            `INSERT INTO messages_fts(rowid, text)
             SELECT m.rowid, m.text FROM messages_fts_pending p JOIN messages m ON m.rowid = p.message_rowid
             WHERE p.message_rowid <= ? AND m.text IS NOT NULL`,
          )
          .run(last);
        this.db.prepare(`DELETE FROM messages_fts_pending WHERE message_rowid <= ?`).run(last);
        return rows.length;
      })
      .immediate();
  }
}
