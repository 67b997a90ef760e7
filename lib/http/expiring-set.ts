/** A set whose entries expire, bounded to maxKeys (oldest first out), for limiter bookkeeping. */
export class ExpiringSet {
  private readonly until = new Map<string, number>();

  constructor(
    readonly ttlMs: number,
    readonly maxKeys = 20_000,
  ) {}

  get size() {
    return this.until.size;
  }

  add(key: string, now = Date.now()) {
    this.until.delete(key);
    this.until.set(key, now + this.ttlMs);
    if (this.until.size > this.maxKeys) {
      for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
      for (const k of this.until.keys()) {
        if (this.until.size <= Math.floor(this.maxKeys * 0.9)) break;
        this.until.delete(k);
      }
    }
  }

  has(key: string, now = Date.now()): boolean {
    const t = this.until.get(key);
    if (t === undefined) return false;
    if (t > now) return true;
    this.until.delete(key);
    return false;
  }
}
