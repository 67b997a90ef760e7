import { publishCommitted, type ChatDeps } from "./deps";
import { errors } from "./errors";
import { channelQuerySchema, idSchema } from "./schemas";
import type { ChannelSummary, Conversation } from "./types";
import { parseInput } from "./validate";

/** Public groups anyone signed in can find, with member counts and whether I am in each. */
export async function listChannels(deps: ChatDeps, userId: string, query: unknown): Promise<ChannelSummary[]> {
  const { q, limit } = parseInput(channelQuerySchema, query);
  return deps.store.listPublicChannels({ query: q, limit, userId });
}

/**
 * Joins a public group (201 when joined, 200 when already a member). A private group, a direct
 * conversation or an unknown id answer the same 404 to a non-member: existence stays private.
 */
export async function joinChannel(
  deps: ChatDeps,
  userId: string,
  conversationId: unknown,
): Promise<{ conversation: Conversation; joined: boolean }> {
  const id = parseInput(idSchema, conversationId);
  const conversation = await deps.store.findConversation(id);
  if (conversation?.members.some((m) => m.userId === userId)) return { conversation, joined: false };
  if (!conversation || conversation.type !== "group" || conversation.visibility !== "public") throw errors.notFound("conversation");
  const event = await deps.store.addMember({ conversationId: id, userId, role: "member", actorId: userId });
  // Joining is reading from now on (as in Slack): the history before it is there, but not unread.
  const read = event && (await deps.store.markRead({ conversationId: id, userId, seq: event.seq }));
  await publishCommitted(deps.bus, [event, read]);
  return { conversation: (await deps.store.findConversation(id))!, joined: event !== null };
}
