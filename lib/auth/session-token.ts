import { hkdfSync } from "node:crypto";
import { jwtDecrypt, type JWTPayload } from "jose";

/**
 * Reads next-auth's session cookie the way next-auth does (a JWE, `dir` + A256GCM, under a key
 * derived from the secret with HKDF), minus its per-request costs: the key is derived once per
 * secret, and a token already opened is remembered until it expires, so a busy client pays one
 * map lookup instead of an HKDF and a decryption per request. A tampered token is a different
 * string and is opened (and refused) afresh; an expired one is refused from the cache too.
 * Revocation is not decided here: the caller checks the account on every request.
 */
const COOKIE = "next-auth.session-token";
const SECURE_COOKIE = `__Secure-${COOKIE}`;
const CLOCK_TOLERANCE_S = 15; // as next-auth's own decode
const MAX_CACHED = 20_000;

const keys = new Map<string, Uint8Array>();
const opened = new Map<string, { payload: JWTPayload; expiresAt: number }>();

function keyFor(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32));
    keys.set(secret, key);
  }
  return key;
}

/** The token's claims, or null when it is missing, malformed, tampered with or expired. */
export async function openSessionToken(token: string | undefined, secret: string): Promise<JWTPayload | null> {
  if (!token) return null;
  const now = Date.now();
  const hit = opened.get(token);
  if (hit) {
    if (hit.expiresAt > now) return hit.payload;
    opened.delete(token);
    return null;
  }
  try {
    const { payload } = await jwtDecrypt(token, keyFor(secret), { clockTolerance: CLOCK_TOLERANCE_S });
    const expiresAt = typeof payload.exp === "number" ? (payload.exp + CLOCK_TOLERANCE_S) * 1000 : now;
    if (opened.size >= MAX_CACHED) opened.delete(opened.keys().next().value as string);
    opened.set(token, { payload, expiresAt });
    return payload;
  } catch {
    return null;
  }
}

/** The session token from a cookie getter (either cookie name; chunked cookies joined). */
export function sessionTokenFrom(get: (name: string) => string | undefined): string | undefined {
  for (const name of [SECURE_COOKIE, COOKIE]) {
    const whole = get(name);
    if (whole) return whole;
    let joined = "";
    for (let i = 0; ; i++) {
      const part = get(`${name}.${i}`);
      if (part === undefined) break;
      joined += part;
    }
    if (joined) return joined;
  }
  return undefined;
}
