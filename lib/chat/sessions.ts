import type { ChatDeps } from "./deps";
import type { AuthSession, User } from "./types";

/** How long a sign-in lasts at most, counted from signing in (the cookie may be renewed; this is not). */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

type Deps = Pick<ChatDeps, "store">;

/** Records a new sign-in; its id goes into the session token. */
export async function startSession(deps: Deps, userId: string, now = Date.now()): Promise<AuthSession> {
  return deps.store.createSession({ userId, expiresAt: new Date(now + SESSION_MAX_AGE_S * 1000).toISOString() });
}

/**
 * The user behind a session token's claims, or null when the session was signed out, revoked,
 * has expired, belongs to someone else, or the account is gone. The one check every request
 * (API, stream, pages, /api/auth/session) goes through.
 */
export async function sessionUser(deps: Deps, claims: { sessionId?: unknown; userId?: unknown }, now = Date.now()): Promise<User | null> {
  const { sessionId, userId } = claims;
  if (typeof sessionId !== "string" || typeof userId !== "string" || !sessionId || !userId) return null;
  const { session, user } = await deps.store.findSessionUser({ sessionId, userId });
  if (!session || !user || !isLive(session, userId, now)) return null;
  return user;
}

export function isLive(session: AuthSession, userId: string, now = Date.now()): boolean {
  return session.userId === userId && session.revokedAt === null && Date.parse(session.expiresAt) > now;
}

/** Sign-out: this session stops working everywhere, at once. */
export async function endSession(deps: Deps, input: { userId: string; sessionId: string }): Promise<void> {
  await deps.store.revokeSessions({ userId: input.userId, sessionId: input.sessionId });
}

/**
 * Ends every session of the user — or every one but `except` (e.g. a password change keeps the
 * session that made it). Returns how many were ended.
 */
export async function revokeSessions(deps: Deps, userId: string, opts: { except?: string } = {}): Promise<number> {
  return deps.store.revokeSessions({ userId, exceptSessionId: opts.except });
}
