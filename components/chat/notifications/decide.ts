import type { ConversationSummary, Message } from "@/lib/chat/types";
import { conversationTitle } from "../store/state";

/** Mentions arrive as `message.mentions` (user ids) where the server supports them. */
type WithMentions = Message & { mentions?: readonly string[] };

export interface NotifyInput {
  message: Message;
  conversation: ConversationSummary;
  meId: string;
  senderName: string;
  muted: boolean;
  /** The tab is in the background (document.visibilityState === "hidden"). */
  hidden: boolean;
}

export interface DesktopNotice {
  title: string;
  body: string;
  /** One notice per conversation: a newer message replaces the older one. */
  tag: string;
  conversationId: string;
}

const BODY_MAX = 140;

export function mentions(message: Message, userId: string): boolean {
  return (message as WithMentions).mentions?.includes(userId) === true;
}

/**
 * What to show for a new message, or null: only while the tab is hidden, never for my own or
 * deleted messages or a muted conversation; in direct conversations always, in groups when I am
 * @mentioned.
 */
export function noticeFor(input: NotifyInput): DesktopNotice | null {
  const { message, conversation, meId, senderName } = input;
  if (!input.hidden || input.muted || message.senderId === meId || message.deletedAt) return null;
  const direct = conversation.type === "direct";
  if (!direct && !mentions(message, meId)) return null;
  const text = message.text ?? "";
  const body = text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1)}…` : text;
  return {
    title: direct ? senderName : `${senderName} mentioned you in ${conversationTitle(conversation, meId)}`,
    body,
    tag: `chat-${conversation.id}`,
    conversationId: conversation.id,
  };
}
