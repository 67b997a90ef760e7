import { errors } from "@/lib/chat/errors";
import { usernameSchema } from "@/lib/chat/schemas";
import { ExpiringSet } from "./expiring-set";
import { RateLimiter } from "./rate-limit";

/**
 * Sign-in throttling, per address and per account, without handing attackers a lockout button.
 *
 * - every address: 30 failed attempts, then one per 2 s (password spraying across accounts);
 * - every address + account: 10, then one per 5 s (guessing one password);
 * - every account, across addresses: 50 failures (refilling one per 10 s). A failure past that
 *   puts the account "under attack" for 15 minutes: each address that has not signed in to it
 *   before gets one attempt per minute on it. An attacker cannot lock the owner out — their known
 *   address is exempt and any other address keeps a slow lane — but many addresses no longer
 *   multiply guesses.
 *
 * A successful sign-in gives its tokens back, so people signing in are never counted.
 */
function createSignInLimits() {
  return {
    address: new RateLimiter(30, 0.5),
    pair: new RateLimiter(10, 0.2),
    account: new RateLimiter(50, 0.1),
    slowLane: new RateLimiter(1, 1 / 60),
    underAttack: new ExpiringSet(15 * 60_000),
    known: new ExpiringSet(30 * 24 * 3600_000),
  };
}
const g = globalThis as unknown as { __chatSignInLimits?: ReturnType<typeof createSignInLimits> };
export const signInLimits = (g.__chatSignInLimits ??= createSignInLimits());

/** The account key: the username as the login schema reads it, or null if it cannot be one. */
export function accountKey(username: unknown): string | null {
  const parsed = usernameSchema.safeParse(username);
  return parsed.success ? parsed.data : null;
}

export interface SignInAttempt {
  /** Reports the outcome: a success returns the tokens and marks the address as known. */
  settle(signedIn: boolean): void;
  /** The attempt could not be judged (the store was down): it counts for nothing. */
  cancel(): void;
}

/** Reserves an attempt for (address, username) or throws a 429. */
export function beginSignIn(address: string, username: unknown, now = Date.now()): SignInAttempt {
  const l = signInLimits;
  const account = accountKey(username);
  const pair = account ? `${address}|${account}` : null;
  const taken: [RateLimiter, string][] = [];
  const take = (limiter: RateLimiter, key: string) => {
    const wait = limiter.tryTake(key, now);
    if (wait > 0) {
      for (const [lim, k] of taken) lim.refund(k, now);
      throw errors.rateLimited(wait);
    }
    taken.push([limiter, key]);
  };
  take(l.address, address);
  if (account && pair) {
    take(l.pair, pair);
    if (l.underAttack.has(account, now) && !l.known.has(pair, now)) take(l.slowLane, pair);
  }
  return {
    cancel() {
      const at = Date.now();
      for (const [lim, k] of taken) lim.refund(k, at);
    },
    settle(signedIn) {
      const at = Date.now();
      if (signedIn) {
        for (const [lim, k] of taken) lim.refund(k, at);
        if (pair) l.known.add(pair, at);
      } else if (account && l.account.tryTake(account, at) > 0) {
        l.underAttack.add(account, at);
      }
    },
  };
}
