import "server-only";
import { cookies } from "next/headers";
import type { JWT } from "next-auth/jwt";
import { errors } from "@/lib/chat/errors";
import type { User } from "@/lib/chat/types";
import { container } from "@/lib/server/container";
import { authOptions } from "./options";
import { openSessionToken, sessionTokenFrom } from "./session-token";
import { sessionOf, type CurrentSession } from "./session-user";

export type { CurrentSession };

/**
 * THE session check, for every request that needs one (route handlers, the stream, pages, and
 * next-auth's own /api/auth/session through the jwt callback): the token must decrypt with our
 * secret and be unexpired, and its sign-in must still be live in the store (not signed out, not
 * revoked, not past its 30 days) for an account that still exists. A cache in front of this must
 * keep rejecting revoked sessions.
 */
export async function checkSessionToken(token: Pick<JWT, "id" | "sid"> | null): Promise<CurrentSession | null> {
  return sessionOf(await container(), token);
}

/**
 * The session cookie's claims, or null when absent, forged, tampered with or expired. Opened
 * with a key derived once and remembered per token (lib/auth/session-token.ts), not next-auth's
 * per-call HKDF and decryption; the store check above still runs on every request.
 */
export async function readSessionToken(): Promise<JWT | null> {
  const jar = await cookies();
  const raw = sessionTokenFrom((name) => jar.get(name)?.value);
  return (await openSessionToken(raw, authOptions().secret!)) as JWT | null;
}

export async function getCurrentSession(): Promise<CurrentSession | null> {
  return checkSessionToken(await readSessionToken());
}

/** The signed-in user, or null. */
export async function getCurrentUser(): Promise<User | null> {
  return (await getCurrentSession())?.user ?? null;
}

/** For route handlers: the session, or a 401. */
export async function requireSession(): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) throw errors.unauthorized();
  return session;
}

/** For route handlers: the user, or a 401. */
export async function requireUser(): Promise<User> {
  return (await requireSession()).user;
}
