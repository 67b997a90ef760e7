import { isStoreConflict } from "@/lib/store/chat-store";
import type { ChatDeps } from "./deps";
import { errors } from "./errors";
import { loginSchema, registerSchema, userSearchQuerySchema } from "./schemas";
import type { User } from "./types";
import { parseInput } from "./validate";

export async function registerUser(deps: ChatDeps, input: unknown): Promise<User> {
  const data = parseInput(registerSchema, input);
  const passwordHash = await deps.hasher.hash(data.password);
  try {
    return await deps.store.createUser({
      username: data.username,
      displayName: data.displayName ?? data.username,
      passwordHash,
    });
  } catch (err) {
    if (isStoreConflict(err)) throw errors.conflict("username", "That username is taken");
    throw err;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Returns the user for valid credentials, otherwise null. An unknown username still costs one
 * hash verification, so the answer time does not reveal which accounts exist.
 */
export async function verifyCredentials(deps: ChatDeps, input: unknown): Promise<User | null> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return null;
  const creds = await deps.store.findUserCredentials(parsed.data.username);
  if (!creds) {
    dummyHash ??= deps.hasher.hash(`dummy-${Math.random()}`);
    await deps.hasher.verify(await dummyHash, parsed.data.password);
    return null;
  }
  if (!(await deps.hasher.verify(creds.passwordHash, parsed.data.password))) return null;
  const { passwordHash: _omit, ...user } = creds;
  return user;
}

export async function searchUsers(deps: ChatDeps, userId: string, query: unknown): Promise<User[]> {
  const { q, limit } = parseInput(userSearchQuerySchema, query);
  return deps.store.searchUsers({ query: q, limit, excludeUserId: userId });
}
