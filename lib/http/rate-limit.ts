import { errors } from "@/lib/chat/errors";

/**
 * Token buckets in process memory: per instance, which bounds abuse of one instance; a shared
 * limit across instances would need the store and is not worth a write per request.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
  ) {}

  /** Takes one token for key or throws a 429. */
  take(key: string, now = Date.now()) {
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond);
    b.at = now;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      throw errors.rateLimited(Math.ceil((1 - b.tokens) / this.refillPerSecond));
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.sweep(now);
  }

  private sweep(now: number) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.refillPerSecond >= this.capacity) this.buckets.delete(k);
    }
  }
}

export const limits = {
  /** Per client address: account creation. */
  register: new RateLimiter(30, 1),
  /** Per client address + username: sign-in attempts. */
  login: new RateLimiter(10, 0.2),
  /** Per user: message writes (send, edit, delete). */
  write: new RateLimiter(200, 20),
};

export function clientAddress(req: Request): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || "local";
}
