import { isStoreConflict } from "@/lib/store/chat-store";
import { publishCommitted, type ChatDeps } from "./deps";
import { errors } from "./errors";
import { requireVisibleMessage } from "./messages";
import { emojiSchema } from "./schemas";
import type { Message } from "./types";
import { parseInput } from "./validate";

/** Distinct emoji per message: enough for a team, small enough that the bar stays one line or two. */
export const MAX_DISTINCT_REACTIONS = 20;

const tooMany = () =>
  errors.conflict("reactions", `A message can have at most ${MAX_DISTINCT_REACTIONS} different reactions`);

/**
 * Adds my reaction to a message I can see (idempotent: adding it again changes nothing and
 * logs nothing). A deleted message takes no reactions.
 */
export async function addReaction(deps: ChatDeps, userId: string, messageId: unknown, emoji: unknown): Promise<Message> {
  const value = parseEmoji(emoji);
  const { message } = await requireVisibleMessage(deps, userId, messageId);
  if (message.deletedAt) throw errors.conflict("message", "A deleted message cannot get reactions");
  const known = message.reactions.some((r) => r.emoji === value);
  if (!known && message.reactions.length >= MAX_DISTINCT_REACTIONS) throw tooMany();
  try {
    // The store re-checks both rules atomically: a concurrent reaction or deletion may land first.
    const result = await deps.store.addReaction({ messageId: message.id, userId, emoji: value, maxDistinct: MAX_DISTINCT_REACTIONS });
    await publishCommitted(deps.bus, [result.event]);
    return result.message;
  } catch (err) {
    if (isStoreConflict(err) && err.field === "reactions") throw tooMany();
    if (isStoreConflict(err)) throw errors.conflict("message", "A deleted message cannot get reactions");
    throw err;
  }
}

/**
 * Removes my own reaction; there is no way to name anyone else's. Removing one that is not
 * there (or from a deleted message, which has none) changes nothing.
 */
export async function removeReaction(deps: ChatDeps, userId: string, messageId: unknown, emoji: unknown): Promise<Message> {
  const value = parseEmoji(emoji);
  const { message } = await requireVisibleMessage(deps, userId, messageId);
  if (message.deletedAt || !message.reactions.some((r) => r.emoji === value && r.userIds.includes(userId))) return message;
  try {
    const result = await deps.store.removeReaction({ messageId: message.id, userId, emoji: value });
    await publishCommitted(deps.bus, [result.event]);
    return result.message;
  } catch (err) {
    if (isStoreConflict(err)) return (await deps.store.findMessage(message.id)) ?? message; // deleted meanwhile
    throw err;
  }
}

/** Route params arrive percent-encoded or decoded depending on the framework's path; accept both. */
function parseEmoji(raw: unknown): string {
  let value = raw;
  if (typeof raw === "string" && raw.includes("%")) {
    try {
      value = decodeURIComponent(raw);
    } catch {
      throw errors.invalid("Emoji must be a single emoji", [{ path: "emoji", message: "Malformed URL encoding" }]);
    }
  }
  return parseInput(emojiSchema, value);
}
