import { errors } from "@/lib/chat/errors";

export { clientAddress } from "./client-address";

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets in process memory: per instance, which bounds abuse of one instance; a shared
 * limit across instances would need the store and is not worth a write per request.
 *
 * Bounded: at most `maxKeys` buckets. Full buckets carry no state and go first; past that the
 * least recently used go. Keys must come from validated, normalized input (an address, a user id,
 * a valid username), so each is short and a client cannot mint new keys by padding its input.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    readonly maxKeys = 20_000,
  ) {}

  get size() {
    return this.buckets.size;
  }

  /** Takes one token for key or throws a 429. */
  take(key: string, now = Date.now()) {
    const wait = this.tryTake(key, now);
    if (wait > 0) throw errors.rateLimited(wait);
  }

  /** Takes one token: 0 when taken, else the seconds until one is available (nothing taken). */
  tryTake(key: string, now = Date.now()): number {
    const b = this.current(key, now);
    if (b.tokens < 1) {
      this.store(key, b);
      return Math.max(1, Math.ceil((1 - b.tokens) / this.refillPerSecond));
    }
    b.tokens -= 1;
    this.store(key, b);
    return 0;
  }

  /** Gives back a token taken for an attempt that turned out not to count. */
  refund(key: string, now = Date.now()) {
    const b = this.buckets.get(key);
    if (!b) return;
    b.tokens = Math.min(this.capacity, this.refilled(b, now) + 1);
    b.at = now;
  }

  private refilled(b: Bucket, now: number) {
    return Math.min(this.capacity, b.tokens + (Math.max(0, now - b.at) / 1000) * this.refillPerSecond);
  }

  private current(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.capacity, at: now };
    return { tokens: this.refilled(b, now), at: now };
  }

  private store(key: string, b: Bucket) {
    this.buckets.delete(key); // re-insert: Map order is then least recently used first
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.evict(b.at);
  }

  /** Drops full buckets, then the least recently used, down to 90% so eviction stays amortized. */
  private evict(now: number) {
    for (const [k, b] of this.buckets) {
      if (this.refilled(b, now) >= this.capacity) this.buckets.delete(k);
    }
    const target = Math.floor(this.maxKeys * 0.9);
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(k);
    }
  }
}

function createLimits() {
  return {
    /** Per client address: account creation (the API and the register form share it). */
    register: new RateLimiter(30, 1),
    /** Per user: message writes (send, edit, delete). */
    write: new RateLimiter(200, 20),
    /** Per user: file uploads. */
    upload: new RateLimiter(60, 2),
    /** Per user: creating conversations, renaming them, adding members. */
    conversation: new RateLimiter(100, 1),
    /** Per user: typing signals (clients send one per 3 s while typing, per conversation). */
    typing: new RateLimiter(20, 1),
    /** Per user: activity reports for presence (clients send at most one a minute). */
    activity: new RateLimiter(10, 0.2),
    /** Per user: password changes, each of which checks the current password (a guess with a stolen session). */
    password: new RateLimiter(20, 1 / 30),
  };
}

// On globalThis: route handlers and server actions are bundled apart, and each copy of this
// module would otherwise hand out its own budget.
const g = globalThis as unknown as { __chatLimits?: ReturnType<typeof createLimits> };
export const limits = (g.__chatLimits ??= createLimits());
