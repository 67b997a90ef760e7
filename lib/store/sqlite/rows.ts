import type { Attachment, Conversation, Member, Message, User, UserCredentials } from "@/lib/chat/types";

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: string;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  text: string | null;
  client_id: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  /** JSON array; NULL when none or once deleted. */
  attachments: string | null;
  reply_to_id: string | null;
}

export interface MemberRow {
  conversation_id: string;
  user_id: string;
  username: string;
  display_name: string;
  role: "admin" | "member";
  joined_at: string;
  joined_seq: number;
  last_read_seq: number;
}

export interface ConversationRow {
  id: string;
  type: "direct" | "group";
  name: string | null;
  visibility: "private" | "public";
  created_at: string;
  last_activity_at: string;
  last_seq: number;
}

export function toConversation(row: ConversationRow, members: MemberRow[]): Conversation {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    visibility: row.visibility ?? "private",
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    lastSeq: row.last_seq,
    members: members.map(toMember),
  };
}

export interface EventRow {
  conversation_id: string;
  seq: number;
  type: string;
  at: string;
  message_id: string | null;
  user_id: string | null;
  last_read_seq: number | null;
  emoji: string | null;
  /** Who made a structural change (null on rows from before it was recorded). */
  actor_id?: string | null;
  /** JSON of what a structural change set: { name?, role?, promotedUserId? }. */
  data?: string | null;
}

export interface EventData {
  name?: string | null;
  visibility?: "private" | "public";
  role?: "admin" | "member";
  promotedUserId?: string | null;
}

export const eventData = (r: EventRow): EventData => (r.data ? (JSON.parse(r.data) as EventData) : {});

export const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  createdAt: r.created_at,
});

export const toCredentials = (r: UserRow): UserCredentials => ({ ...toUser(r), passwordHash: r.password_hash });

/** The row's own fields; reactions, reply and mentions are joined in by SqliteMessageExtras. */
export const toMessage = (r: MessageRow): Message => ({
  id: r.id,
  conversationId: r.conversation_id,
  seq: r.seq,
  senderId: r.sender_id,
  text: r.text,
  clientId: r.client_id,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
  attachments: r.attachments ? (JSON.parse(r.attachments) as Attachment[]) : [],
  reactions: [],
  replyTo: null,
  mentions: [],
});

export const toMember = (r: MemberRow): Member => ({
  userId: r.user_id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  joinedAt: r.joined_at,
  joinedSeq: r.joined_seq,
  lastReadSeq: r.last_read_seq,
});
