// No "server-only" and no next/headers: the Pages Router stream (pages/api/stream.ts) uses this
// module, and both fail there. ESLint keeps client code away instead.
import type { ChatDeps } from "@/lib/chat/deps";
import { sessionUser } from "@/lib/chat/sessions";
import type { User } from "@/lib/chat/types";
import { env } from "@/lib/config/env";
import { ensureAuthSecret } from "@/lib/config/secret";
import { openSessionToken, sessionTokenFrom } from "./session-token";

export interface CurrentSession {
  user: User;
  /** The sign-in this request belongs to (what sign-out ends and a password change keeps). */
  sessionId: string;
}

/** The store half of the session check (lib/auth/session.ts): the sign-in must still be live. */
export async function sessionOf(
  deps: Pick<ChatDeps, "store">,
  claims: { id?: unknown; sid?: unknown } | null,
): Promise<CurrentSession | null> {
  if (!claims) return null;
  const user = await sessionUser(deps, { sessionId: claims.sid, userId: claims.id });
  return user ? { user, sessionId: claims.sid as string } : null;
}

let secret: string | undefined;

/** The same check from a raw Cookie header (the Pages Router stream has no next/headers). */
export async function sessionFromCookieHeader(
  deps: Pick<ChatDeps, "store">,
  header: string | undefined,
): Promise<CurrentSession | null> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) jar.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  secret ??= ensureAuthSecret(env()); // the secret next-auth signs with (lib/auth/options.ts)
  const claims = await openSessionToken(sessionTokenFrom((name) => jar.get(name)), secret);
  return sessionOf(deps, claims as { id?: unknown; sid?: unknown } | null);
}
