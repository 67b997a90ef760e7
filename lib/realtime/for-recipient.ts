import type { ChatEvent } from "@/lib/chat/types";
import type { ChatStore } from "@/lib/store/chat-store";

/**
 * Member events carry only the change. The one recipient who needs more is the person added:
 * their stream attaches the conversation (as it is now) to their own member.added, once per
 * join, so a client learns about the conversation without another request. Everyone else's
 * stream, and every replay of a large group, stays linear in the group's size.
 */
export async function forRecipient(event: ChatEvent, userId: string, store: ChatStore): Promise<ChatEvent> {
  if (event.type !== "member.added" || event.userId !== userId || event.conversation) return event;
  const conversation = await store.findConversation(event.conversationId);
  return conversation ? { ...event, conversation } : event;
}
