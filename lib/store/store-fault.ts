/**
 * What a driver error means for the app, decided by the adapter that knows the driver and used
 * by everyone else without it: "the store is unavailable, try again" (503 with Retry-After, one
 * log line) is not a bug (500). Each adapter exports a classifier; anything it does not
 * recognise stays an unexpected error.
 */
export type StoreFaultReason =
  /** Another writer holds the lock past the busy timeout (SQLite). */
  | "busy"
  /** No space left for the database (SQLITE_FULL, ENOSPC). */
  | "full"
  /** The disk or file system failed a read or write. */
  | "io"
  /** The database server cannot be reached, or is not a writable primary (MongoDB). */
  | "unreachable"
  /** The database is corrupt, not a database, or cannot be opened: restarting will not help. */
  | "broken";

export interface StoreFault {
  reason: StoreFaultReason;
  /**
   * False when waiting will not fix it: start-up stops with `fix` instead of retrying
   * (a corrupt file, an unopenable path, bad credentials).
   */
  heals: boolean;
  /** One line for the operator, naming what to do when it does not heal. */
  fix?: string;
}

export type StoreFaultClassifier = (err: unknown) => StoreFault | null;

/** Seconds a client should wait before retrying, per reason. */
export const RETRY_AFTER_SEC: Record<StoreFaultReason, number> = { busy: 1, unreachable: 2, full: 5, io: 5, broken: 30 };

export class StoreUnavailableError extends Error {
  readonly kind = "store_unavailable" as const;
  readonly retryAfterSec: number;
  constructor(
    readonly fault: StoreFault,
    /** The driver's own message, for the log only. */
    readonly detail: string,
  ) {
    super(`store unavailable (${fault.reason}): ${detail}`);
    this.name = "StoreUnavailableError";
    this.retryAfterSec = RETRY_AFTER_SEC[fault.reason];
  }
}

/** By kind, not instanceof: Next bundles instrumentation and route handlers apart. */
export function isStoreUnavailable(err: unknown): err is StoreUnavailableError {
  return err instanceof Error && (err as { kind?: unknown }).kind === "store_unavailable";
}

/** The one line a driver error leaves in the log: its code and message, never a stack. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const first = err.message.split("\n")[0];
  return code !== undefined && !first.includes(String(code)) ? `${err.name} ${String(code)}: ${first}` : `${err.name}: ${first}`;
}
