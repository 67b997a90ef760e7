import { describe, expect, it } from "vitest";
import { ChatError } from "@/lib/chat/errors";
import { RateLimiter } from "@/lib/http/rate-limit";

describe("rate limiter", () => {
  it("allows a burst, then 429s, then refills", () => {
    const rl = new RateLimiter(3, 1);
    const t = 1_000_000;
    rl.take("k", t);
    rl.take("k", t);
    rl.take("k", t);
    expect(() => rl.take("k", t)).toThrow(ChatError);
    try {
      rl.take("k", t);
    } catch (e) {
      expect((e as ChatError).status).toBe(429);
    }
    rl.take("other", t); // keys are independent
    rl.take("k", t + 1000);
    expect(() => rl.take("k", t + 1000)).toThrow(/Too many/);
  });
});

describe("rate limiter memory", () => {
  it("stays bounded under a flood of distinct keys, keeping the busiest buckets", () => {
    const rl = new RateLimiter(10, 0.2, 1000);
    const t = 2_000_000;
    let max = 0;
    for (let i = 0; i < 9; i++) rl.take("victim", t);
    for (let i = 0; i < 200_000; i++) {
      rl.take(`flood-${i}`, t + i);
      if (i % 500 === 0) rl.tryTake("victim", t + i); // in use: stays recent
      if (rl.size > max) max = rl.size;
    }
    expect(max).toBeLessThanOrEqual(1000);
    expect(rl.size).toBeGreaterThan(800);
    expect(rl.tryTake("victim", t + 200_000)).toBeGreaterThan(0); // its state survived the flood
  });

  it("drops full buckets before live ones", () => {
    const rl = new RateLimiter(2, 1, 10);
    const t = 3_000_000;
    for (let i = 0; i < 5; i++) rl.take(`old-${i}`, t); // refill to full by t+2s
    rl.take("hot", t + 1999);
    rl.take("hot", t + 1999);
    for (let i = 0; i < 6; i++) rl.take(`new-${i}`, t + 2000);
    expect(rl.size).toBeLessThanOrEqual(10);
    expect(rl.tryTake("hot", t + 2000)).toBeGreaterThan(0);
  });

  it("refund gives back a token, never above capacity", () => {
    const rl = new RateLimiter(1, 0.001);
    rl.take("k", 0);
    expect(rl.tryTake("k", 0)).toBeGreaterThan(0);
    rl.refund("k", 0);
    rl.refund("k", 0);
    expect(rl.tryTake("k", 0)).toBe(0);
    expect(rl.tryTake("k", 0)).toBeGreaterThan(0);
  });
});
