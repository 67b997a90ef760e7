import { publishCommitted, type ChatDeps } from "./deps";
import { errors } from "./errors";
import { addMemberSchema, createConversationSchema, idSchema, renameConversationSchema } from "./schemas";
import type { Conversation, ConversationSummary, Member } from "./types";
import { parseInput } from "./validate";

/** The conversation, if userId is a member. Non-members get 404: existence itself is private. */
export async function requireMembership(deps: ChatDeps, conversationId: unknown, userId: string) {
  const id = parseInput(idSchema, conversationId);
  const conversation = await deps.store.findConversation(id);
  const me = conversation?.members.find((m) => m.userId === userId);
  if (!conversation || !me) throw errors.notFound("conversation");
  return { conversation, me };
}

/** requireMembership without the member list: the check of the hot writes (one small read). */
export async function requireMember(deps: ChatDeps, conversationId: unknown, userId: string) {
  const id = parseInput(idSchema, conversationId);
  const me = await deps.store.findMember(id, userId);
  if (!me) throw errors.notFound("conversation");
  return { conversationId: id, me };
}

function requireAdmin(conversation: Conversation, me: Member, action: string) {
  if (conversation.type !== "group") throw errors.forbidden("conversation", `You cannot ${action} in a direct conversation`);
  if (me.role !== "admin") throw errors.forbidden("conversation", `Only group admins can ${action}`);
}

export async function listConversations(deps: ChatDeps, userId: string): Promise<ConversationSummary[]> {
  return deps.store.listConversationsForUser(userId);
}

export async function getConversation(deps: ChatDeps, userId: string, conversationId: unknown) {
  return (await requireMembership(deps, conversationId, userId)).conversation;
}

/** Starts a DM (returning an existing one) or creates a group. */
export async function createConversation(
  deps: ChatDeps,
  userId: string,
  input: unknown,
): Promise<{ conversation: Conversation; created: boolean }> {
  const data = parseInput(createConversationSchema, input);
  if (data.type === "direct") {
    if (data.userId === userId) throw errors.invalid("You cannot start a direct conversation with yourself");
    if (!(await deps.store.findUserById(data.userId))) throw errors.notFound("user");
    const result = await deps.store.findOrCreateDirectConversation({ userIds: [userId, data.userId] });
    await publishCommitted(deps.bus, result.events);
    return { conversation: result.conversation, created: result.created };
  }
  const memberIds = [...new Set(data.memberIds)].filter((id) => id !== userId);
  const found = await deps.store.findUsersByIds(memberIds);
  if (found.length !== memberIds.length) {
    const known = new Set(found.map((u) => u.id));
    throw errors.notFound("user", `Unknown user: ${memberIds.find((id) => !known.has(id))}`);
  }
  const result = await deps.store.createGroupConversation({ name: data.name, creatorId: userId, memberIds, visibility: data.visibility });
  await publishCommitted(deps.bus, result.events);
  return { conversation: result.conversation, created: true };
}

/** Renames a group and/or changes its visibility (admins); each change is its own event. */
export async function renameConversation(deps: ChatDeps, userId: string, conversationId: unknown, input: unknown) {
  const { name, visibility } = parseInput(renameConversationSchema, input);
  const { conversation, me } = await requireMembership(deps, conversationId, userId);
  requireAdmin(conversation, me, name !== undefined ? "rename the group" : "change who can join");
  if (name !== undefined && name !== conversation.name) {
    const event = await deps.store.renameConversation({ conversationId: conversation.id, name, actorId: userId });
    await publishCommitted(deps.bus, [event]);
  }
  if (visibility !== undefined && visibility !== conversation.visibility) {
    const event = await deps.store.setVisibility({ conversationId: conversation.id, visibility, actorId: userId });
    await publishCommitted(deps.bus, [event]);
  }
  return (await deps.store.findConversation(conversation.id))!;
}

export async function addMember(deps: ChatDeps, userId: string, conversationId: unknown, input: unknown) {
  const data = parseInput(addMemberSchema, input);
  const { conversation, me } = await requireMembership(deps, conversationId, userId);
  requireAdmin(conversation, me, "add members");
  if (!(await deps.store.findUserById(data.userId))) throw errors.notFound("user");
  const event = await deps.store.addMember({ conversationId: conversation.id, userId: data.userId, role: "member", actorId: userId });
  if (!event) throw errors.conflict("member", "That person is already a member");
  await publishCommitted(deps.bus, [event]);
  return (await deps.store.findConversation(conversation.id))!;
}

/**
 * Admins remove anyone; anyone removes themself (leaving). When the last admin leaves, the
 * longest-standing remaining member becomes admin in the same store operation.
 */
export async function removeMember(deps: ChatDeps, userId: string, conversationId: unknown, targetId: unknown) {
  const target = parseInput(idSchema, targetId);
  const { conversation, me } = await requireMembership(deps, conversationId, userId);
  if (conversation.type !== "group") throw errors.forbidden("conversation", "You cannot leave or change a direct conversation");
  if (target !== userId && me.role !== "admin") throw errors.forbidden("conversation", "Only group admins can remove members");
  const leaving = conversation.members.find((m) => m.userId === target);
  if (!leaving) throw errors.notFound("member", "That person is not a member");
  const remaining = conversation.members.filter((m) => m.userId !== target);
  const promote =
    leaving.role === "admin" && remaining.length > 0 && !remaining.some((m) => m.role === "admin")
      ? remaining[0].userId // members are ordered longest-standing first
      : undefined;
  const event = await deps.store.removeMember({
    conversationId: conversation.id,
    userId: target,
    promoteUserId: promote,
    actorId: userId,
  });
  if (!event) throw errors.notFound("member", "That person is not a member");
  await publishCommitted(deps.bus, [event]);
  return (await deps.store.findConversation(conversation.id))!;
}
