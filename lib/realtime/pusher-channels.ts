import type { ChatEvent, Conversation } from "@/lib/chat/types";

/**
 * Channel layout of the pusher mode: one private channel per person, `private-user-<id>`.
 * Membership is checked when an event is sent (who is a member at that seq), not when a browser
 * subscribed, so a removed member gets nothing more at once — a per-conversation channel would
 * keep delivering until the socket left it (docs/decisions.md).
 */
export const USER_CHANNEL_PREFIX = "private-user-";
const PREFIX = USER_CHANNEL_PREFIX;
const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function userChannel(userId: string): string {
  return PREFIX + userId;
}

/** The user a channel name belongs to, or null for any other name. */
export function channelUser(channel: string): string | null {
  if (!channel.startsWith(PREFIX)) return null;
  const id = channel.slice(PREFIX.length);
  return USER_ID.test(id) ? id : null;
}

/** Sent instead of an event too large for the Pusher server: the browser fetches it from the store. */
export const NOTICE_EVENT = "event.notice";
export interface EventNotice {
  conversationId: string;
  seq: number;
}

/**
 * Who receives an event: the members at that point in the log (joined at or before it), and the
 * person a member.removed is about (no longer a member, but told so).
 */
export function recipientsOf(event: ChatEvent, conversation: Conversation | null): string[] {
  const ids = new Set<string>();
  for (const m of conversation?.members ?? []) if (m.joinedSeq <= event.seq) ids.add(m.userId);
  if (event.type === "member.removed") ids.add(event.userId);
  if (event.type === "member.added") ids.add(event.userId);
  if (event.type === "conversation.created") for (const m of event.conversation.members) ids.add(m.userId);
  return [...ids];
}
