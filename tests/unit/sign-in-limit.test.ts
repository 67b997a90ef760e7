import { describe, expect, it } from "vitest";
import { accountKey, beginSignIn, signInLimits } from "@/lib/http/sign-in-limit";

describe("sign-in limits", () => {
  it("key on the username as the login schema reads it; junk makes no account key", () => {
    expect(accountKey("\t EVE \n")).toBe("eve");
    expect(accountKey("eve" + "a".repeat(60_000))).toBeNull();
    expect(accountKey({ $gt: "" })).toBeNull();
  });

  it("a flood of distinct junk usernames adds nothing per username", () => {
    const before = signInLimits.pair.size;
    for (let i = 0; i < 1000; i++) {
      try {
        beginSignIn(`192.0.2.${i % 250}`, `${i}${"a".repeat(5_000)}`).settle(false);
      } catch {
        /* 429s once an address is spent */
      }
    }
    expect(signInLimits.pair.size).toBe(before);
    expect(signInLimits.address.size).toBeLessThanOrEqual(signInLimits.address.maxKeys);
  });
});
