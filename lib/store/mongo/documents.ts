import type { Attachment, ChatEventType, MemberRole, User, UserCredentials, Visibility } from "@/lib/chat/types";

/**
 * Document shapes. Ids are our own URL-safe strings, never ObjectIds.
 *
 * Why the log holds the state: FerretDB v1 (SQLite backend) applies every update as
 * read-document / modify / write-whole-document-back, outside any transaction, so two concurrent
 * updates of one document lose one of them — even on different fields, even for $inc, $max or a
 * conditional findOneAndUpdate (measured: 50 concurrent $inc → 13). What it does do atomically
 * is insert against a unique index. So every change is an insert into the conversation's log at
 * (conversationId, seq), unique; conversation state (name, members, roles, read markers, edits,
 * deletions) is folded from the log. The only in-place updates left are erasing deleted text,
 * which every writer performs identically, and a person's own name and password (users.ts).
 */

/** Only displayName (+ its lower-cased copy) and passwordHash change, each by its owner's own request. */
export interface UserDoc {
  _id: string;
  username: string;
  /** Unique index: case-insensitive uniqueness without collations (FerretDB has none). */
  usernameLower: string;
  displayName: string;
  displayNameLower: string;
  passwordHash: string;
  createdAt: string;
}

/** Immutable once inserted: existence, kind and the one-DM-per-pair key. */
export interface ConversationDoc {
  _id: string;
  type: "direct" | "group";
  /** Unique: sorted "idA:idB" for a direct conversation, "group:<id>" for a group. */
  directKey: string;
  createdAt: string;
  /**
   * The channel directory's index, not the truth: the log decides (readers verify). Set at
   * creation, then by each visibility change, guarded by the seq of the change it reflects.
   */
  visibility?: Visibility;
  visibilitySeq?: number;
}

/** One entry of a conversation's log. Only the fields of its type are set. */
export interface EntryDoc {
  /** The message id for message.created; random (or an idempotency key) otherwise. */
  _id: string;
  conversationId: string;
  seq: number;
  type: ChatEventType;
  at: string;
  /** message.created: sender; copied on message.deleted for unread counts. */
  senderId?: string;
  /** message.created / message.updated; set to null when the message is deleted. */
  text?: string | null;
  clientId?: string | null;
  /** message.created; set to null by the eraser when the message is deleted. */
  attachments?: Attachment[] | null;
  /** message.created: copied here by the eraser once the message is deleted. */
  deletedAt?: string | null;
  /** message.updated / message.deleted / reaction.added / reaction.removed */
  messageId?: string;
  /** message.created: the message answered (same conversation). */
  replyToId?: string | null;
  /** message.created / message.updated: member ids mentioned by the (new) text. */
  mentions?: string[];
  /** reaction.added / reaction.removed (with userId: who reacted). */
  emoji?: string;
  /** conversation.created / conversation.updated; member.updated: the member's new display name */
  name?: string | null;
  /** conversation.created (absent = private) / conversation.updated (a visibility change) */
  visibility?: Visibility;
  /** conversation.created: the initial members, creator first. */
  members?: { userId: string; role: MemberRole }[];
  /** conversation.created / member.added: who joined (multikey index: a user's conversations). */
  joins?: string[];
  /**
   * message.created / message.updated: the search index of this version of the text (its words,
   * and the message's creation time and id to sort and page by); null once the message is deleted.
   */
  fts?: { terms: string[]; at: string; id: string } | null;
  /** Structural entries: who made the change (absent on entries from before it was recorded). */
  actorId?: string | null;
  /** member.added / member.removed / read.updated / reaction.* */
  userId?: string;
  role?: MemberRole;
  promoteUserId?: string | null;
  lastReadSeq?: number;
}

export const STRUCTURAL_TYPES: ChatEventType[] = ["conversation.created", "conversation.updated", "member.added", "member.removed"];

export const toUser = (d: UserDoc): User => ({
  id: d._id,
  username: d.username,
  displayName: d.displayName,
  createdAt: d.createdAt,
});

export const toCredentials = (d: UserDoc): UserCredentials => ({ ...toUser(d), passwordHash: d.passwordHash });

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 11000;
}
