/**
 * Domain types shared by the use cases, the store port and the realtime layer.
 * Driver-free on purpose: nothing here knows SQLite, MongoDB or Kafka.
 * Timestamps are ISO-8601 strings so values cross every boundary (JSON, SSE, Kafka) unchanged.
 */

export type ConversationType = "direct" | "group";
export type MemberRole = "admin" | "member";
/** Who can find and join a group: only people added (private), or anyone signed in (public). */
export type Visibility = "private" | "public";

export interface User {
  id: string;
  username: string;
  displayName: string;
  createdAt: string;
}

/** A signed-in session (one per sign-in); its id travels in the session cookie's token. */
export interface AuthSession {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  /** Set when signed out or revoked (password change); a revoked session never works again. */
  revokedAt: string | null;
}

export interface UserCredentials extends User {
  passwordHash: string;
}

export interface Member {
  userId: string;
  username: string;
  displayName: string;
  role: MemberRole;
  joinedAt: string;
  /** Sequence number of the event that added this member (conversation.created or member.added). */
  joinedSeq: number;
  /** Highest sequence number this member has read. */
  lastReadSeq: number;
}

export interface Conversation {
  id: string;
  type: ConversationType;
  /** Group name; null for direct conversations. */
  name: string | null;
  /** Always "private" for direct conversations. */
  visibility: Visibility;
  createdAt: string;
  /** Time of the latest message, or creation time; the sidebar sorts on it. */
  lastActivityAt: string;
  /** Highest sequence number allocated in this conversation's event log (may lag by a moment). */
  lastSeq: number;
  /** Members ordered by joinedSeq (longest-standing first). */
  members: Member[];
}

/** A file attached to a message, as every reader sees it (bytes are in the FileStore). */
export interface Attachment {
  id: string;
  /** Sanitized file name as uploaded. */
  name: string;
  size: number;
  /** Detected from the bytes, never taken from the client. */
  contentType: string;
  /** Raster images only. */
  width?: number;
  height?: number;
}

export interface Message {
  id: string;
  conversationId: string;
  /** Position in the conversation's event log; strictly increasing, allocated by the store. */
  seq: number;
  senderId: string;
  /** null once deleted: the text is removed from the store, not hidden. */
  text: string | null;
  clientId: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** Empty when none, and once the message is deleted (its files are deleted with it). */
  attachments: Attachment[];
  /** Emoji reactions, in the order each emoji was first used; empty once deleted. */
  reactions: Reaction[];
  /** The message this one answers (same conversation), as it is now; null when not a reply. */
  replyTo: ReplyRef | null;
  /** Members mentioned by @username in the current text, in order of first mention. */
  mentions: string[];
}

export interface Reaction {
  emoji: string;
  count: number;
  /** Who reacted, earliest first. */
  userIds: string[];
}

export interface ReplyRef {
  id: string;
  /** The parent's place in history, so a client can page back to it. */
  seq: number;
  senderId: string;
  /** The start of the parent's current text (≤ 140 characters); null once the parent is deleted. */
  excerpt: string | null;
  deleted: boolean;
}

/**
 * Unread and mention counts stop here. Counting is proportional to what is unread, and someone
 * back from a month away can have a million unread in one busy channel; the UI shows "99+" long
 * before this, as Slack and Mattermost do.
 */
export const UNREAD_COUNT_MAX = 1000;

export interface ConversationSummary extends Conversation {
  lastMessage: Message | null;
  /** Messages after my read marker, not mine, not deleted; at most UNREAD_COUNT_MAX. */
  unreadCount: number;
  /** Unread messages (after my read marker, not mine, not deleted) that mention me; at most UNREAD_COUNT_MAX. */
  mentionCount: number;
}

/** Where a user stands in a conversation, used as the stream baseline. */
export interface MembershipCursor {
  conversationId: string;
  joinedSeq: number;
  lastSeq: number;
}

/** What a conversation.updated event changed (the values at that point in history). */
export interface ConversationChanges {
  name?: string;
  visibility?: Visibility;
}

/** A public group as listed by the channel directory. */
export interface ChannelSummary {
  id: string;
  name: string;
  visibility: "public";
  memberCount: number;
  createdAt: string;
  /** Whether the person asking is a member. */
  joined: boolean;
}

/** What a membership or group event looks like in the message timeline. */
export type SystemAction = "created" | "added" | "joined" | "removed" | "left" | "renamed" | "visibility";

/**
 * A membership or group change shown in the timeline at its place in history, e.g. "Alice added
 * Carol". It shares the conversation's seq space with messages, so paging stays consistent.
 */
export interface SystemEntry {
  kind: "system";
  conversationId: string;
  seq: number;
  at: string;
  action: SystemAction;
  /** Who did it; null for entries written before actors were recorded. */
  actorId: string | null;
  /** Who was added, removed, joined or left. */
  userId: string | null;
  /** The group name set by this change (created, renamed). */
  name: string | null;
  /** Who became admin in the same step (the last admin left). */
  promotedUserId: string | null;
  /** The visibility set by this change (action "visibility"). */
  visibility: Visibility | null;
}

/** One item of GET …/messages: a message, or a system entry (`kind: "system"`). */
export type TimelineItem = Message | SystemEntry;

interface EventBase {
  conversationId: string;
  /** Per-conversation sequence number allocated atomically by the store: the event's identity. */
  seq: number;
  at: string;
}

export type ChatEvent =
  | (EventBase & { type: "message.created"; message: Message })
  | (EventBase & { type: "message.updated"; message: Message })
  | (EventBase & { type: "message.deleted"; message: Message })
  | (EventBase & { type: "conversation.created"; actorId: string | null; conversation: Conversation })
  // Membership and group events carry only what changed, not the conversation: replaying a
  // large group's history must stay linear in its size (see docs/decisions.md).
  | (EventBase & { type: "conversation.updated"; actorId: string | null; changes: ConversationChanges })
  | (EventBase & {
      type: "member.added";
      actorId: string | null;
      userId: string;
      member: Member;
      /** Only in the added person's own stream: the conversation as it is when delivered. */
      conversation?: Conversation;
    })
  | (EventBase & { type: "member.removed"; actorId: string | null; userId: string; promotedUserId: string | null })
  | (EventBase & { type: "read.updated"; userId: string; lastReadSeq: number })
  | (EventBase & { type: "reaction.added"; userId: string; emoji: string; message: Message })
  | (EventBase & { type: "reaction.removed"; userId: string; emoji: string; message: Message })
  /** A member changed their display name: logged in each of their conversations, so resume carries it. */
  | (EventBase & { type: "member.updated"; userId: string; username: string; displayName: string });

export type ChatEventType = ChatEvent["type"];

export const CHAT_EVENT_TYPES: readonly ChatEventType[] = [
  "message.created",
  "message.updated",
  "message.deleted",
  "conversation.created",
  "conversation.updated",
  "member.added",
  "member.removed",
  "read.updated",
  "reaction.added",
  "reaction.removed",
  "member.updated",
];
