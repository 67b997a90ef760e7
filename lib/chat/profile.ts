import { publishCommitted, type ChatDeps } from "./deps";
import { errors } from "./errors";
import { changePasswordSchema, updateProfileSchema } from "./schemas";
import { revokeSessions } from "./sessions";
import type { User } from "./types";
import { parseInput } from "./validate";

/** A new display name, published to every conversation I am in (member.updated). */
export async function updateProfile(deps: ChatDeps, userId: string, input: unknown): Promise<User> {
  const { displayName } = parseInput(updateProfileSchema, input);
  const current = await deps.store.findUserById(userId);
  if (!current) throw errors.unauthorized();
  if (current.displayName === displayName) return current;
  const { user, events } = await deps.store.updateDisplayName({ userId, displayName });
  await publishCommitted(deps.bus, events);
  return user;
}

/**
 * Changes the password after checking the current one, then signs out every other session of
 * the account (this one stays signed in). A wrong current password is a 403, not a 401: the
 * session is fine, the proof is not.
 */
export async function changePassword(deps: ChatDeps, user: User, sessionId: string, input: unknown): Promise<{ signedOut: number }> {
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  const creds = await deps.store.findUserCredentials(user.username);
  if (!creds || creds.id !== user.id) throw errors.unauthorized();
  if (!(await deps.hasher.verify(creds.passwordHash, currentPassword))) {
    throw errors.forbidden("password", "The current password is not right");
  }
  await deps.store.updatePasswordHash({ userId: user.id, passwordHash: await deps.hasher.hash(newPassword) });
  return { signedOut: await revokeSessions(deps, user.id, { except: sessionId }) };
}
