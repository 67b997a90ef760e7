import "server-only";
import { cookies } from "next/headers";
import { decode, type JWT } from "next-auth/jwt";
import { errors } from "@/lib/chat/errors";
import { sessionUser } from "@/lib/chat/sessions";
import type { User } from "@/lib/chat/types";
import { container } from "@/lib/server/container";
import { authOptions } from "./options";

/** next-auth's cookie names: the __Secure- one when the site is served over https. */
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export interface CurrentSession {
  user: User;
  /** The sign-in this request belongs to (what sign-out ends and a password change keeps). */
  sessionId: string;
}

/**
 * THE session check, for every request that needs one (route handlers, the stream, pages, and
 * next-auth's own /api/auth/session through the jwt callback): the token must decrypt with our
 * secret and be unexpired, and its sign-in must still be live in the store (not signed out, not
 * revoked, not past its 30 days) for an account that still exists. A cache in front of this must
 * keep rejecting revoked sessions.
 */
export async function checkSessionToken(token: Pick<JWT, "id" | "sid"> | null): Promise<CurrentSession | null> {
  if (!token) return null;
  const user = await sessionUser(await container(), { sessionId: token.sid, userId: token.id });
  return user ? { user, sessionId: token.sid as string } : null;
}

/** The session cookie's claims, or null when absent, forged, tampered with or expired. */
export async function readSessionToken(): Promise<JWT | null> {
  const jar = await cookies();
  const raw = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
  if (!raw) return null;
  try {
    return await decode({ token: raw, secret: authOptions().secret! });
  } catch {
    return null; // not ours: no log line per forged cookie
  }
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
