import { isSystemEntry } from "@/lib/chat/system-entries";
import type { ConversationSummary, Message, TimelineItem, User } from "@/lib/chat/types";
import { emptyThread, rememberPeople, type ChatState } from "./state";

/**
 * What the server read for the page it renders: the conversation list (chat layout) and the open
 * conversation's newest page (its page). The store starts from it on both sides, so the server's
 * HTML already shows the conversation (readable before, or without, JavaScript) and hydration
 * renders the same thing (store/context.tsx).
 */
export type ThreadSeed =
  | { status: "ready"; page: { messages: TimelineItem[]; nextCursor: number | null; senders: User[] } }
  | { status: "error"; error: string };

export function withConversationList(state: ChatState, list: ConversationSummary[]): ChatState {
  return {
    ...rememberPeople(state, list),
    conversations: Object.fromEntries(list.map((c) => [c.id, c])),
    listStatus: "ready",
    listError: null,
  };
}

/** A thread the state does not have yet, from a server page (newest first, as the API answers). */
export function withThreadSeed(state: ChatState, id: string, seed: ThreadSeed): ChatState {
  if (state.threads[id]) return state;
  if (seed.status === "error") {
    return { ...state, threads: { ...state.threads, [id]: { ...emptyThread, status: "error", error: seed.error } } };
  }
  const items = [...seed.page.messages].reverse();
  const thread = {
    ...emptyThread,
    messages: items.filter((m): m is Message => !isSystemEntry(m)),
    system: items.filter(isSystemEntry),
    nextCursor: seed.page.nextCursor,
    status: "ready" as const,
  };
  const next = rememberPeople(state, [], seed.page.senders);
  return { ...next, threads: { ...next.threads, [id]: thread } };
}
