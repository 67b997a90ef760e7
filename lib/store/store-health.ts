import type { StoreFaultReason, StoreUnavailableError } from "./store-fault";

export interface StoreHealthSnapshot {
  /** The latest evidence, a request's or the background probe's: does the database answer? */
  reachable: boolean;
  /** False from a failed write until the next successful one (a full disk fails writes only). */
  writable: boolean;
  lastWriteOkAt: string | null;
  lastWriteFailedAt: string | null;
  /** Why the latest failure happened, while the store is unreachable or unwritable. */
  error: { reason: StoreFaultReason; at: string } | null;
}

const iso = (t: number) => (t ? new Date(t).toISOString() : null);

/**
 * What the app has seen of its store, kept in memory so /api/health answers at once from it
 * instead of waiting on a database that may be hanging. Fed by every store operation (through
 * guardStore) and by a background probe.
 */
export class StoreHealth {
  /** Orders outcomes that land in the same millisecond; times are for the report. */
  private n = 0;
  private writeOk = { n: 0, at: 0 };
  private writeFailed = { n: 0, at: 0 };
  private seenOk = 0;
  private seenFailed = 0;
  private lastFault: { reason: StoreFaultReason; at: number } | null = null;

  /** A store operation finished: `failure` is null when it succeeded. */
  record(write: boolean, failure: StoreUnavailableError | null) {
    const mark = { n: ++this.n, at: Date.now() };
    if (!failure) {
      this.seenOk = mark.n;
      if (write) this.writeOk = mark;
      return;
    }
    this.lastFault = { reason: failure.fault.reason, at: mark.at };
    if (write) this.writeFailed = mark;
    // A busy lock or a full disk says nothing about whether the database answers reads.
    if (failure.fault.reason === "unreachable" || failure.fault.reason === "broken" || failure.fault.reason === "io") this.seenFailed = mark.n;
  }

  /** The background probe's answer (a read: it cannot tell whether writes work). */
  probed(ok: boolean, reason: StoreFaultReason = "unreachable") {
    const n = ++this.n;
    if (ok) this.seenOk = n;
    else {
      this.seenFailed = n;
      this.lastFault = { reason, at: Date.now() };
    }
  }

  snapshot(): StoreHealthSnapshot {
    const reachable = this.seenOk >= this.seenFailed;
    const writable = this.writeOk.n >= this.writeFailed.n;
    return {
      reachable,
      writable,
      lastWriteOkAt: iso(this.writeOk.at),
      lastWriteFailedAt: iso(this.writeFailed.at),
      error: (!reachable || !writable) && this.lastFault ? { reason: this.lastFault.reason, at: iso(this.lastFault.at)! } : null,
    };
  }
}
