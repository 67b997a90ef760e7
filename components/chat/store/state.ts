import type { Attachment, ChatEvent, Conversation, ConversationSummary, Message, SystemEntry, User } from "@/lib/chat/types";
import { applyMemberUpdated, applyStructuralEvent } from "./structural-events";

/**
 * The client's view of the chat, and the pure functions that move it forward. Kept free of
 * fetch/EventSource so every rule here (merging, ordering, unread counts) is testable on its own.
 */
export type ConnectionState = "connecting" | "live" | "reconnecting";

export interface PendingMessage {
  clientId: string;
  text: string;
  replyToId?: string;
  /** Uploaded already; sent with the message. */
  attachments?: Attachment[];
  createdAt: string;
  /** pending: being sent; waiting: outcome unknown, sent again by itself; failed: refused (4xx). */
  status: "pending" | "waiting" | "failed";
  error: string | null;
}

export interface Thread {
  /** Confirmed messages, oldest first. */
  messages: Message[];
  /** Membership and group changes (system entries), oldest first. */
  system: SystemEntry[];
  /** Sent from this tab and not yet confirmed by the server. */
  pending: PendingMessage[];
  /** Pass as `before` to load the next older page; null once the start is reached. */
  nextCursor: number | null;
  status: "loading" | "ready" | "error";
  loadingOlder: boolean;
  error: string | null;
}

export interface ChatState {
  me: User;
  conversations: Record<string, ConversationSummary>;
  listStatus: "loading" | "ready" | "error";
  listError: string | null;
  threads: Record<string, Thread>;
  connection: ConnectionState;
  /** Latest text for the screen-reader live region; key changes even when the text repeats. */
  announcement: { key: number; text: string } | null;
  /**
   * A message to open in context (a search result): the conversation's view jumps to it once its
   * history is loaded, then clears this. key changes per request.
   */
  focus: { conversationId: string; messageId: string; seq: number; key: number } | null;
  /** Conversations this person was removed from while the app was open (id → title). */
  removedFrom: Record<string, string>;
  /** Everyone seen in any conversation, so messages from former members still show a name. */
  people: Record<string, { username: string; displayName: string }>;
}

export function initialState(me: User): ChatState {
  return {
    me,
    conversations: {},
    listStatus: "loading",
    listError: null,
    threads: {},
    connection: "connecting",
    announcement: null,
    focus: null,
    removedFrom: {},
    people: { [me.id]: { username: me.username, displayName: me.displayName } },
  };
}

/** Adds the members of the given conversations (and any other known people) to the directory. */
export function rememberPeople(
  state: ChatState,
  conversations: Conversation[],
  others: { id: string; username: string; displayName: string }[] = [],
): ChatState {
  let people = state.people;
  const everyone = [
    ...conversations.flatMap((c) => c.members),
    ...others.map((u) => ({ userId: u.id, username: u.username, displayName: u.displayName })),
  ];
  for (const m of everyone) {
    const known = people[m.userId];
    if (!known || known.displayName !== m.displayName || known.username !== m.username) {
      if (people === state.people) people = { ...people };
      people[m.userId] = { username: m.username, displayName: m.displayName };
    }
  }
  return people === state.people ? state : { ...state, people };
}

export const emptyThread: Thread = {
  messages: [],
  system: [],
  pending: [],
  nextCursor: null,
  status: "loading",
  loadingOlder: false,
  error: null,
};

/**
 * Two copies of one message: deletion is final; otherwise the later edit wins. Order-insensitive,
 * so a late HTTP response cannot undo a newer event.
 */
export function mergeMessage(current: Message | undefined, incoming: Message): Message {
  if (!current) return incoming;
  if (current.deletedAt) return current;
  if (incoming.deletedAt) return incoming;
  if ((incoming.editedAt ?? "") >= (current.editedAt ?? "")) return incoming;
  return current;
}

/** Merges by id and keeps the list sorted by seq; returns the same array when nothing changed. */
export function upsertMessages(list: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return list;
  const byId = new Map(list.map((m) => [m.id, m]));
  let changed = false;
  for (const m of incoming) {
    const merged = mergeMessage(byId.get(m.id), m);
    if (merged !== byId.get(m.id)) {
      byId.set(m.id, merged);
      changed = true;
    }
  }
  if (!changed) return list;
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

export function toSummary(conversation: Conversation, prev?: ConversationSummary): ConversationSummary {
  const incoming = conversation as Partial<ConversationSummary> & Conversation;
  return {
    ...conversation,
    lastMessage: incoming.lastMessage !== undefined ? incoming.lastMessage : (prev?.lastMessage ?? null),
    unreadCount: incoming.unreadCount ?? prev?.unreadCount ?? 0,
    mentionCount: incoming.mentionCount ?? prev?.mentionCount ?? 0,
    lastActivityAt:
      prev && prev.lastActivityAt > conversation.lastActivityAt ? prev.lastActivityAt : conversation.lastActivityAt,
  };
}

/** Most recent activity first; ties broken by id so the order is stable. */
export function sortConversations(conversations: Record<string, ConversationSummary>): ConversationSummary[] {
  return Object.values(conversations).sort((a, b) =>
    a.lastActivityAt === b.lastActivityAt ? a.id.localeCompare(b.id) : a.lastActivityAt < b.lastActivityAt ? 1 : -1,
  );
}

export function conversationTitle(c: Conversation, meId: string): string {
  if (c.type === "group") return c.name ?? "Unnamed group";
  const other = c.members.find((m) => m.userId !== meId);
  return other?.displayName ?? "Just you";
}

export function withThread(state: ChatState, id: string, update: (t: Thread) => Thread): ChatState {
  const current = state.threads[id] ?? emptyThread;
  const next = update(current);
  return next === current ? state : { ...state, threads: { ...state.threads, [id]: next } };
}

function withConversation(
  state: ChatState,
  id: string,
  update: (c: ConversationSummary) => ConversationSummary,
): ChatState {
  const current = state.conversations[id];
  if (!current) return state;
  return { ...state, conversations: { ...state.conversations, [id]: update(current) } };
}

/** Records a confirmed message in its thread and in the sidebar summary. */
export function applyMessage(state: ChatState, message: Message, opts: { isNew: boolean }): ChatState {
  const id = message.conversationId;
  let next = withThread(state, id, (t) => {
    if (!state.threads[id]) return t; // not loaded yet: history will bring it
    const messages = upsertMessages(t.messages, [message]);
    const pending = message.clientId ? t.pending.filter((p) => p.clientId !== message.clientId) : t.pending;
    return messages === t.messages && pending === t.pending ? t : { ...t, messages, pending };
  });
  next = withConversation(next, id, (c) => {
    const last = c.lastMessage;
    const isLatest = !last || message.seq >= last.seq;
    const alreadyKnown = !!last && message.seq <= last.seq;
    const fromOther = message.senderId !== state.me.id;
    return {
      ...c,
      lastMessage: isLatest ? mergeMessage(last?.id === message.id ? last : undefined, message) : last,
      lastSeq: Math.max(c.lastSeq, message.seq),
      lastActivityAt:
        opts.isNew && message.createdAt > c.lastActivityAt ? message.createdAt : c.lastActivityAt,
      unreadCount: opts.isNew && fromOther && !alreadyKnown && !message.deletedAt ? c.unreadCount + 1 : c.unreadCount,
      mentionCount:
        opts.isNew && fromOther && !alreadyKnown && !message.deletedAt && message.mentions.includes(state.me.id)
          ? c.mentionCount + 1
          : c.mentionCount,
    };
  });
  return next;
}

export function markReadLocally(state: ChatState, id: string, lastReadSeq: number): ChatState {
  return withConversation(state, id, (c) => ({
    ...c,
    unreadCount: !c.lastMessage || lastReadSeq >= c.lastMessage.seq ? 0 : c.unreadCount,
    mentionCount: !c.lastMessage || lastReadSeq >= c.lastMessage.seq ? 0 : c.mentionCount,
    members: c.members.map((m) =>
      m.userId === state.me.id ? { ...m, lastReadSeq: Math.max(m.lastReadSeq, lastReadSeq) } : m,
    ),
  }));
}

export function removeConversation(state: ChatState, id: string): ChatState {
  const title = state.conversations[id] ? conversationTitle(state.conversations[id], state.me.id) : "a conversation";
  const conversations = { ...state.conversations };
  const threads = { ...state.threads };
  delete conversations[id];
  delete threads[id];
  return { ...state, conversations, threads, removedFrom: { ...state.removedFrom, [id]: title } };
}

/** Applies one stream event. The caller has already dropped duplicates (same conversation + seq). */
export function applyEvent(state: ChatState, event: ChatEvent): ChatState {
  switch (event.type) {
    case "message.created":
      return applyMessage(state, event.message, { isNew: true });
    case "message.updated":
    case "message.deleted":
    case "reaction.added":
    case "reaction.removed":
      return applyMessage(state, event.message, { isNew: false });
    case "conversation.created":
    case "conversation.updated":
    case "member.added":
    case "member.removed":
      return applyStructuralEvent(state, event);
    case "member.updated":
      return applyMemberUpdated(state, event);
    case "read.updated": {
      if (event.userId === state.me.id) return markReadLocally(state, event.conversationId, event.lastReadSeq);
      return withConversation(state, event.conversationId, (c) => ({
        ...c,
        members: c.members.map((m) =>
          m.userId === event.userId ? { ...m, lastReadSeq: Math.max(m.lastReadSeq, event.lastReadSeq) } : m,
        ),
      }));
    }
    default:
      return state;
  }
}
