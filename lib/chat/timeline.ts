import type { ChatDeps } from "./deps";
import { listMessages } from "./messages";
import { historyQuerySchema } from "./schemas";
import { isSystemEntry } from "./system-entries";
import type { TimelineItem, User } from "./types";
import { parseInput } from "./validate";

/**
 * A page of the timeline, newest first: messages and system entries merged by seq. Each source
 * gives its newest `limit` items before the cursor, so the newest `limit` of their union is exact.
 * `senders` names everyone who wrote on the page or appears in one of its system entries.
 */
export async function listTimeline(deps: ChatDeps, userId: string, conversationId: unknown, query: unknown) {
  const { before, limit } = parseInput(historyQuerySchema, query);
  const page = await listMessages(deps, userId, conversationId, query);
  const system = await deps.store.listSystemEntries({ conversationId: String(conversationId), beforeSeq: before, limit: limit + 1 });
  const merged: TimelineItem[] = [...page.messages, ...system].sort((a, b) => b.seq - a.seq);
  const items = merged.slice(0, limit);
  const nextCursor =
    merged.length > limit ? items[items.length - 1].seq : page.nextCursor !== null ? (items.at(-1)?.seq ?? null) : null;
  const known = new Set(page.senders.map((s) => s.id));
  const named = new Set(
    items.flatMap((i) => (isSystemEntry(i) ? [i.actorId, i.userId, i.promotedUserId] : [])).filter((id): id is string => !!id && !known.has(id)),
  );
  const more: User[] = named.size ? await deps.store.findUsersByIds([...named]) : [];
  return { messages: items, nextCursor, senders: [...page.senders, ...more] };
}
