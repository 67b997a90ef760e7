import { claimAttachments, messageIdFor, removeMessageFiles } from "./attachments";
import { requireMember, requireMembership } from "./conversations";
import { publishCommitted, type ChatDeps } from "./deps";
import { errors } from "./errors";
import { editMessageSchema, historyQuerySchema, idSchema, markReadSchema, sendMessageSchema } from "./schemas";
import type { Message } from "./types";
import { parseInput } from "./validate";
import { resolveMentions } from "./mention-parse";

export async function sendMessage(
  deps: ChatDeps,
  userId: string,
  conversationId: unknown,
  input: unknown,
): Promise<{ message: Message; created: boolean }> {
  const data = parseInput(sendMessageSchema, input);
  const text = data.text ?? "";
  // One membership read either way: the whole member list only when the text may name one.
  const { cid, members } = text.includes("@")
    ? await requireMembership(deps, conversationId, userId).then(({ conversation }) => ({ cid: conversation.id, members: conversation.members }))
    : await requireMember(deps, conversationId, userId).then(({ conversationId: id }) => ({ cid: id, members: [] }));
  if (data.replyToId) await requireReplyParent(deps, cid, data.replyToId);
  const ids = data.attachmentIds ?? [];
  // Files are claimed for the message id first, so two sends cannot both take one upload.
  const id = ids.length > 0 ? messageIdFor(cid, userId, data.clientId) : undefined;
  const attachments = id ? await claimAttachments(deps, { ids, ownerId: userId, conversationId: cid, messageId: id }) : [];
  const { message, event } = await deps.store.appendMessage({
    conversationId: cid,
    senderId: userId,
    text,
    clientId: data.clientId ?? null,
    replyToId: data.replyToId ?? null,
    mentions: resolveMentions(text, members),
    ...(id ? { id, attachments } : {}),
  });
  await publishCommitted(deps.bus, [event]);
  return { message, created: event !== null };
}

/**
 * A reply answers a message of the same conversation. Another conversation's message gets the
 * same answer as a missing one, so a reply cannot probe what exists elsewhere. A deleted parent
 * is accepted (the quote shows it as deleted), so a retried send never fails on it.
 */
async function requireReplyParent(deps: ChatDeps, conversationId: string, replyToId: string) {
  const parent = await deps.store.findMessage(replyToId);
  if (!parent || parent.conversationId !== conversationId) {
    const message = "replyToId must be a message of this conversation";
    throw errors.invalid(`replyToId: ${message}`, [{ path: "replyToId", message }]);
  }
}

/** The message if the user can see it (member of its conversation); 404 otherwise. */
export async function requireVisibleMessage(deps: ChatDeps, userId: string, messageId: unknown) {
  const id = parseInput(idSchema, messageId);
  const message = await deps.store.findMessage(id);
  if (!message) throw errors.notFound("message");
  const conversation = await deps.store.findConversation(message.conversationId);
  if (!conversation?.members.some((m) => m.userId === userId)) throw errors.notFound("message");
  return { message, conversation };
}

export async function editMessage(deps: ChatDeps, userId: string, messageId: unknown, input: unknown) {
  const { text } = parseInput(editMessageSchema, input);
  const { message, conversation } = await requireVisibleMessage(deps, userId, messageId);
  if (message.senderId !== userId) throw errors.forbidden("message", "You can only edit your own messages");
  if (message.deletedAt) throw errors.conflict("message", "A deleted message cannot be edited");
  if (message.text === text) return message; // nothing changes: no event, no editedAt
  // Mentions follow the text: an edit can add or drop them (members as of now).
  const mentions = resolveMentions(text, conversation.members);
  const result = await deps.store.editMessage({ messageId: message.id, text, mentions });
  await publishCommitted(deps.bus, [result.event]);
  return result.message;
}

/** Deleting twice is harmless: the second call returns the tombstone. */
export async function deleteMessage(deps: ChatDeps, userId: string, messageId: unknown) {
  const { message } = await requireVisibleMessage(deps, userId, messageId);
  if (message.senderId !== userId) throw errors.forbidden("message", "You can only delete your own messages");
  await removeMessageFiles(deps, message.id);
  if (message.deletedAt) return message;
  const result = await deps.store.deleteMessage({ messageId: message.id });
  await publishCommitted(deps.bus, [result.event]);
  return result.message;
}

/**
 * A page of history, newest first; nextCursor is the `before` for the next (older) page.
 * `senders` names everyone who wrote on the page, including people who have since left.
 */
export async function listMessages(deps: ChatDeps, userId: string, conversationId: unknown, query: unknown) {
  const { before, limit } = parseInput(historyQuerySchema, query);
  const { conversation } = await requireMembership(deps, conversationId, userId);
  const page = await deps.store.listMessages({ conversationId: conversation.id, beforeSeq: before, limit: limit + 1 });
  const messages = page.slice(0, limit);
  const nextCursor = page.length > limit ? messages[messages.length - 1].seq : null;
  const senders = await deps.store.findUsersByIds([...new Set(messages.map((m) => m.senderId))]);
  return { messages, nextCursor, senders };
}

export async function markRead(deps: ChatDeps, userId: string, conversationId: unknown, input: unknown) {
  const { messageId } = parseInput(markReadSchema, input);
  const { conversation, me } = await requireMembership(deps, conversationId, userId);
  const message = await deps.store.findMessage(messageId);
  if (!message || message.conversationId !== conversation.id) throw errors.notFound("message");
  const event = await deps.store.markRead({ conversationId: conversation.id, userId, seq: message.seq });
  await publishCommitted(deps.bus, [event]);
  return { lastReadSeq: event?.type === "read.updated" ? event.lastReadSeq : Math.max(me.lastReadSeq, message.seq) };
}
