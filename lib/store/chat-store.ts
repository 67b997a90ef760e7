import type {
  Attachment,
  AuthSession,
  ChannelSummary,
  ChatEvent,
  Conversation,
  ConversationSummary,
  Member,
  MemberRole,
  MembershipCursor,
  Message,
  SystemEntry,
  User,
  UserCredentials,
  Visibility,
} from "@/lib/chat/types";

/**
 * The storage port. Adapters (SQLite, MongoDB) implement it with atomic operations only:
 * every method that changes a conversation appends to that conversation's event log with a
 * sequence number allocated atomically, gap-free and in commit order, and returns the events
 * it committed so the caller can publish them. No authorization here: rules live in lib/chat.
 */
export interface ChatStore {
  readonly kind: "sqlite" | "mongo";
  /** Creates or migrates the schema / indexes. Idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** True when the backing database answers. */
  ping(): Promise<boolean>;

  // --- users -------------------------------------------------------------------------------
  /** Throws StoreConflictError("username") when the name is taken (case-insensitively). */
  createUser(input: { username: string; displayName: string; passwordHash: string }): Promise<User>;
  /** Case-insensitive lookup. */
  findUserCredentials(username: string): Promise<UserCredentials | null>;
  findUserById(id: string): Promise<User | null>;
  findUsersByIds(ids: string[]): Promise<User[]>;
  /**
   * Changes a display name and logs member.updated in every conversation the user is a member of
   * (returned for publishing), so other people's clients learn it live and on resume.
   */
  updateDisplayName(input: { userId: string; displayName: string }): Promise<{ user: User; events: ChatEvent[] }>;
  updatePasswordHash(input: { userId: string; passwordHash: string }): Promise<void>;
  /**
   * Someone (perhaps on another instance) changed this user: drop any cached copy. Called for
   * every member.updated the bus delivers; synchronous and never failing.
   */
  userChanged(userId: string): void;
  /** Case-insensitive prefix match on username or display name, ordered by username. */
  searchUsers(input: { query: string; limit: number; excludeUserId?: string }): Promise<User[]>;

  // --- sessions (revocable sign-ins) ---------------------------------------------------------
  createSession(input: { userId: string; expiresAt: string }): Promise<AuthSession>;
  findSession(id: string): Promise<AuthSession | null>;
  /**
   * A sign-in and the user it claims, for the check every request makes (sessions.ts decides).
   * The session is read as stored every time, so a sign-out or revocation counts at once on every
   * instance; the user may come from the adapter's user cache, as fresh as userChanged keeps it.
   */
  findSessionUser(input: { sessionId: string; userId: string }): Promise<{ session: AuthSession | null; user: User | null }>;
  /**
   * Revokes the user's live sessions: only `sessionId` when given, else all of them except
   * `exceptSessionId`. Returns how many were revoked; revoking twice changes nothing.
   */
  revokeSessions(input: { userId: string; sessionId?: string; exceptSessionId?: string }): Promise<number>;
  /** Ids of the sessions revoked after `since` (ISO time): what the stream's session watch asks each interval. */
  listSessionsRevokedSince(since: string): Promise<string[]>;

  // --- conversations -----------------------------------------------------------------------
  /** One direct conversation per pair: returns the existing one (created=false, no events). */
  findOrCreateDirectConversation(input: {
    userIds: [string, string];
  }): Promise<{ conversation: Conversation; created: boolean; events: ChatEvent[] }>;
  /** The creator becomes admin; memberIds (deduplicated, creator excluded) become members. */
  createGroupConversation(input: {
    name: string;
    creatorId: string;
    memberIds: string[];
    /** "private" when absent. */
    visibility?: Visibility;
  }): Promise<{ conversation: Conversation; events: ChatEvent[] }>;
  findConversation(id: string): Promise<Conversation | null>;
  /**
   * One member of a conversation, or null when the conversation does not exist or the user is not
   * in it: the membership check of the hot writes, without reading the whole member list.
   */
  findMember(conversationId: string, userId: string): Promise<Member | null>;
  /** The user's conversations, most recent activity first, with last message, unread and mention counts. */
  listConversationsForUser(userId: string): Promise<ConversationSummary[]>;
  listMembershipCursors(userId: string): Promise<MembershipCursor[]>;
  /** actorId (who did it) is recorded for the timeline; see listSystemEntries. */
  renameConversation(input: { conversationId: string; name: string; actorId?: string }): Promise<ChatEvent>;
  /** Returns null when the user already is a member (nothing changes). */
  addMember(input: { conversationId: string; userId: string; role: MemberRole; actorId?: string }): Promise<ChatEvent | null>;
  /**
   * Removes a member; when promoteUserId is given, that member becomes admin in the same step
   * (the member.removed event names them in promotedUserId).
   * Returns null when the user was not a member.
   */
  removeMember(input: {
    conversationId: string;
    userId: string;
    promoteUserId?: string;
    actorId?: string;
  }): Promise<ChatEvent | null>;
  /**
   * Membership and group changes as timeline entries, newest first, only seq < beforeSeq when
   * given (the same paging as listMessages). Creation's actor is the group's creator, or the
   * first of a direct conversation's userIds.
   */
  /** Sets a group's visibility (logged as conversation.updated with changes.visibility). */
  setVisibility(input: { conversationId: string; visibility: Visibility; actorId?: string }): Promise<ChatEvent>;
  /** Public groups whose name contains query (case-insensitively), ordered by name. */
  listPublicChannels(input: { query: string; limit: number; userId: string }): Promise<ChannelSummary[]>;
  /**
   * Messages of the given conversations whose current text has, for every term, a word starting
   * with it (terms are normalized: see lib/chat/search-terms.ts). Never a deleted message. Newest
   * first; `before` is the nextCursor of the previous page (opaque, adapter-specific).
   */
  searchMessages(input: {
    conversationIds: string[];
    terms: string[];
    before?: string;
    limit: number;
  }): Promise<{ messages: Message[]; nextCursor: string | null }>;
  listSystemEntries(input: { conversationId: string; beforeSeq?: number; limit: number }): Promise<SystemEntry[]>;

  // --- messages ----------------------------------------------------------------------------
  /**
   * Appends a message. With a clientId, a second call with the same (conversation, sender,
   * clientId) returns the first message and event=null (idempotent retry).
   * `id`, when given, becomes the message id (attachments are claimed for it before it exists).
   */
  appendMessage(input: {
    conversationId: string;
    senderId: string;
    text: string;
    clientId?: string | null;
    id?: string;
    attachments?: Attachment[];
    /** A message of the same conversation (checked by the caller). */
    replyToId?: string | null;
    /** Mentioned member ids, in order (resolved by the caller). */
    mentions?: string[];
  }): Promise<{ message: Message; event: ChatEvent | null }>;
  findMessage(id: string): Promise<Message | null>;
  /**
   * Throws StoreConflictError("message") when the message was deleted meanwhile.
   * mentions, when given, replaces the message's mentions (they follow the current text).
   */
  editMessage(input: { messageId: string; text: string; mentions?: string[] }): Promise<{ message: Message; event: ChatEvent }>;
  /** Tombstones the message: text, attachment metadata, reactions and mentions are erased from the store. */
  deleteMessage(input: { messageId: string }): Promise<{ message: Message; event: ChatEvent }>;
  /** Newest first; only messages with seq < beforeSeq when given. */
  listMessages(input: { conversationId: string; beforeSeq?: number; limit: number }): Promise<Message[]>;
  /**
   * Adds the user's reaction (event reaction.added); event=null when it was already there.
   * Atomic with its checks: StoreConflictError("message") on a deleted message,
   * StoreConflictError("reactions") when the message already has maxDistinct other emoji.
   */
  addReaction(input: {
    messageId: string;
    userId: string;
    emoji: string;
    maxDistinct: number;
  }): Promise<{ message: Message; event: ChatEvent | null }>;
  /** Removes the user's own reaction (event reaction.removed); event=null when there was none. */
  removeReaction(input: { messageId: string; userId: string; emoji: string }): Promise<{ message: Message; event: ChatEvent | null }>;
  /** Raises the member's read marker to seq (never lowers it); null when nothing changed. */
  markRead(input: { conversationId: string; userId: string; seq: number }): Promise<ChatEvent | null>;

  // --- event log ---------------------------------------------------------------------------
  /**
   * Events with seq > afterSeq in seq order, at most limit. Payloads reflect the current state
   * (a message deleted since appears as a tombstone; text that was erased is never returned).
   */
  listEventsSince(input: { conversationId: string; afterSeq: number; limit: number }): Promise<ChatEvent[]>;
  /**
   * The conversations with an event at or after `since` (an ISO time from the writers' clocks):
   * each one's latest seq and who joined it since. Costs what changed, not who is connected.
   */
  listChangesSince(since: string): Promise<ConversationChange[]>;
}

export interface ConversationChange {
  conversationId: string;
  lastSeq: number;
  /** Created with or added to the conversation at or after `since`. */
  joined: { userId: string; joinedSeq: number }[];
}

export class StoreConflictError extends Error {
  readonly kind = "store_conflict" as const;
  constructor(readonly field: string) {
    super(`conflict on ${field}`);
    this.name = "StoreConflictError";
  }
}

/**
 * Use this, not `instanceof`: Next.js bundles instrumentation (which builds the container, hence
 * the store) apart from the route handlers, so each side holds its own copy of the class.
 */
export function isStoreConflict(err: unknown): err is StoreConflictError {
  return err instanceof Error && (err as { kind?: unknown }).kind === "store_conflict";
}

export class StoreNotFoundError extends Error {
  readonly kind = "store_not_found" as const;
  constructor(readonly entity: string) {
    super(`${entity} not found`);
    this.name = "StoreNotFoundError";
  }
}

export function isStoreNotFound(err: unknown): err is StoreNotFoundError {
  return err instanceof Error && (err as { kind?: unknown }).kind === "store_not_found";
}
