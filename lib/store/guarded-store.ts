import type { ChatStore } from "./chat-store";
import { StoreUnavailableError, describeError, isStoreUnavailable, type StoreFaultClassifier } from "./store-fault";
import type { StoreHealth } from "./store-health";

export interface GuardOptions {
  /** The adapter's classifier: which driver errors mean "unavailable" rather than "bug". */
  classify: StoreFaultClassifier;
  /** How long an operation that finds the store busy (locked by another writer) keeps retrying. */
  busyTimeoutMs: number;
  health?: StoreHealth;
  /** Methods never run twice on busy (they consume a stream, e.g. FileStore.save): they only classify. */
  once?: ReadonlySet<string>;
}

/** Not data operations: lifecycle, the health probe itself, cache hints. */
const PASS_THROUGH = new Set<PropertyKey>(["kind", "close", "ping", "constructor", "userChanged"]);
/** Reads by name; everything else that the port offers changes something (findOrCreate… too). */
const READ = /^(find|list|search|get|count)(?!OrCreate)/;

const FIRST_DELAY_MS = 2;
const MAX_DELAY_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wraps an adapter so that every failure of the database itself leaves it as a
 * StoreUnavailableError (503 with Retry-After, one log line), while anything unrecognised stays
 * what it is: a bug. A busy store (another process holds SQLite's write lock) is retried here,
 * asynchronously with backoff up to busyTimeoutMs, so the event loop keeps serving meanwhile; an
 * operation that failed busy has committed nothing, so running it again is safe. Outcomes are
 * recorded for /api/health. A Proxy, so methods added to the port later are guarded too.
 */
export function guardStore<T extends object = ChatStore>(store: T, opts: GuardOptions): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || PASS_THROUGH.has(prop)) return value;
      if (!wrapped.has(prop)) {
        const name = String(prop);
        const write = name !== "init" && !READ.test(name);
        wrapped.set(prop, (...args: unknown[]) => run(() => value.apply(target, args), name, write, opts));
      }
      return wrapped.get(prop);
    },
  });
}

async function run<T>(op: () => Promise<T> | T, name: string, write: boolean, opts: GuardOptions): Promise<T> {
  const started = Date.now();
  let delay = FIRST_DELAY_MS;
  for (;;) {
    try {
      const result = await op();
      if (name !== "init") opts.health?.record(write, null);
      return result;
    } catch (err) {
      if (isStoreUnavailable(err)) throw err;
      const fault = opts.classify(err);
      if (!fault) throw err;
      const waited = Date.now() - started;
      if (fault.reason === "busy" && waited < opts.busyTimeoutMs && !opts.once?.has(name)) {
        // Jitter so that several waiting requests do not retry in lock step.
        const pause = Math.min(delay, opts.busyTimeoutMs - waited) * (0.5 + Math.random() / 2);
        await sleep(pause);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
        continue;
      }
      const detail = fault.reason === "busy" ? `still locked after ${waited} ms (${describeError(err)})` : describeError(err);
      const unavailable = new StoreUnavailableError(fault, `${name}: ${detail}`);
      if (name !== "init") opts.health?.record(write, unavailable);
      throw unavailable;
    }
  }
}
