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
