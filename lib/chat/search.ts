import { requireMembership } from "./conversations";
import type { ChatDeps } from "./deps";
import { errors } from "./errors";
import { searchQuerySchema } from "./schemas";
import { queryTerms } from "./search-terms";
import type { Conversation, Message, User } from "./types";
import { parseInput } from "./validate";

export interface SearchResult {
  message: Message;
  conversation: Pick<Conversation, "id" | "type" | "name">;
}

/**
 * Messages matching every word of q (each as a prefix, without case or accents), newest first,
 * only in conversations the user is a member of now, never a deleted one. With conversationId,
 * only that conversation (404 unless a member).
 */
export async function searchMessages(deps: ChatDeps, userId: string, query: unknown) {
  const { q, conversationId, before, limit } = parseInput(searchQuerySchema, query);
  const terms = queryTerms(q);
  if (terms.length === 0) throw errors.invalid("q: Type a word to search for (letters or digits)", [{ path: "q", message: "No words to search for" }]);
  const conversationIds = conversationId
    ? [(await requireMembership(deps, conversationId, userId)).conversation.id]
    : (await deps.store.listMembershipCursors(userId)).map((m) => m.conversationId);
  const page = await deps.store.searchMessages({ conversationIds, terms, before, limit });
  const ids = [...new Set(page.messages.map((m) => m.conversationId))];
  const conversations = new Map<string, SearchResult["conversation"]>();
  for (const id of ids) {
    const c = await deps.store.findConversation(id);
    if (c) conversations.set(id, { id: c.id, type: c.type, name: c.name });
  }
  const results: SearchResult[] = page.messages.flatMap((message) => {
    const conversation = conversations.get(message.conversationId);
    return conversation ? [{ message, conversation }] : [];
  });
  const senders: User[] = await deps.store.findUsersByIds([...new Set(results.map((r) => r.message.senderId))]);
  return { results, nextCursor: page.nextCursor, terms, senders };
}
