import type { ChatEvent, Member, SystemEntry } from "@/lib/chat/types";
import { systemEntryFromEvent } from "@/lib/chat/system-entries";
import { rememberPeople, removeConversation, toSummary, withThread, type ChatState } from "./state";

type Structural = Extract<ChatEvent, { type: "conversation.created" | "conversation.updated" | "member.added" | "member.removed" }>;

/** Merges system entries by seq, oldest first; returns the same array when nothing changed. */
export function upsertSystem(list: SystemEntry[], incoming: SystemEntry[]): SystemEntry[] {
  const fresh = incoming.filter((e) => !list.some((x) => x.seq === e.seq));
  if (fresh.length === 0) return list;
  return [...list, ...fresh].sort((a, b) => a.seq - b.seq);
}

/**
 * Applies a group or membership event. These carry only what changed, so each is applied as a
 * guarded assignment: a member already known from a later join (a newer snapshot) is left alone.
 * Replayed in order after any snapshot, they end in the server's state.
 */
export function applyStructuralEvent(state: ChatState, event: Structural): ChatState {
  let next = applyToConversation(state, event);
  const entry = systemEntryFromEvent(event);
  if (entry && next.threads[event.conversationId]) {
    next = withThread(next, event.conversationId, (t) => {
      const system = upsertSystem(t.system ?? [], [entry]);
      return system === t.system ? t : { ...t, system };
    });
  }
  return next;
}

function applyToConversation(state: ChatState, event: Structural): ChatState {
  const id = event.conversationId;
  const prev = state.conversations[id];
  const me = state.me.id;
  switch (event.type) {
    case "conversation.created": {
      if (!event.conversation.members.some((m) => m.userId === me)) return state;
      return ingest(state, event.conversation);
    }
    case "member.added": {
      if (event.userId === me) return event.conversation ? ingest(state, event.conversation) : state;
      if (!prev) return state;
      const existing = prev.members.find((m) => m.userId === event.userId);
      if (existing && existing.joinedSeq >= event.seq) return state;
      const members: Member[] = [...prev.members.filter((m) => m.userId !== event.userId), event.member];
      const next = rememberPeople(state, [], [{ id: event.userId, username: event.member.username, displayName: event.member.displayName }]);
      return { ...next, conversations: { ...next.conversations, [id]: { ...prev, members } } };
    }
    case "member.removed": {
      if (event.userId === me) return prev ? removeConversation(state, id) : state;
      if (!prev) return state;
      const existing = prev.members.find((m) => m.userId === event.userId);
      if (existing && existing.joinedSeq > event.seq) return state; // rejoined since
      const members = prev.members
        .filter((m) => m.userId !== event.userId)
        .map((m) => (m.userId === event.promotedUserId ? { ...m, role: "admin" as const } : m));
      return { ...state, conversations: { ...state.conversations, [id]: { ...prev, members } } };
    }
    case "conversation.updated": {
      if (!prev) return state;
      const { name, visibility } = event.changes;
      return {
        ...state,
        conversations: {
          ...state.conversations,
          [id]: { ...prev, ...(name !== undefined ? { name } : {}), ...(visibility ? { visibility } : {}) },
        },
      };
    }
  }
}

function ingest(state: ChatState, conversation: Extract<ChatEvent, { type: "conversation.created" }>["conversation"]): ChatState {
  const removedFrom = { ...state.removedFrom };
  delete removedFrom[conversation.id];
  return {
    ...rememberPeople(state, [conversation]),
    removedFrom,
    conversations: { ...state.conversations, [conversation.id]: toSummary(conversation, state.conversations[conversation.id]) },
  };
}

/** A member.updated event: that person's new display name, wherever they appear. */
export function applyMemberUpdated(state: ChatState, event: Extract<ChatEvent, { type: "member.updated" }>): ChatState {
  return renamePerson(state, { userId: event.userId, username: event.username, displayName: event.displayName });
}

/** A new display name everywhere that person appears: member lists, the people directory, myself. */
export function renamePerson(state: ChatState, who: { userId: string; username: string; displayName: string }): ChatState {
  const rename = (m: Member) => (m.userId === who.userId ? { ...m, displayName: who.displayName, username: who.username } : m);
  let conversations = state.conversations;
  for (const [id, c] of Object.entries(state.conversations)) {
    if (!c.members.some((m) => m.userId === who.userId && m.displayName !== who.displayName)) continue;
    if (conversations === state.conversations) conversations = { ...conversations };
    conversations[id] = { ...c, members: c.members.map(rename) };
  }
  const next = rememberPeople({ ...state, conversations }, [], [{ id: who.userId, username: who.username, displayName: who.displayName }]);
  return who.userId === state.me.id && state.me.displayName !== who.displayName
    ? { ...next, me: { ...next.me, displayName: who.displayName } }
    : next;
}
