import type { Collection } from "mongodb";
import type { ConversationChange } from "../chat-store";
import type { EntryDoc } from "./documents";
import type { StateFolder } from "./state";

/**
 * What changed since a time, for the stream safety net: one indexed range read over the log,
 * returning only the entries written meanwhile, so its cost follows the write rate.
 */
export async function changesSince(
  entries: Collection<EntryDoc>,
  state: StateFolder,
  since: string,
): Promise<ConversationChange[]> {
  const docs = await entries
    .find({ at: { $gte: since } }, { projection: { _id: 0, conversationId: 1, seq: 1, joins: 1 } })
    .toArray();
  const changes = new Map<string, ConversationChange>();
  for (const d of docs) {
    let c = changes.get(d.conversationId);
    if (!c) changes.set(d.conversationId, (c = { conversationId: d.conversationId, lastSeq: 0, joined: [] }));
    c.lastSeq = Math.max(c.lastSeq, d.seq);
    for (const userId of d.joins ?? []) c.joined.push({ userId, joinedSeq: d.seq });
  }
  // The log keeps joins of people who left since; SQLite forgets them. Keep current members only.
  for (const c of changes.values()) {
    if (c.joined.length === 0) continue;
    const { members } = await state.at(c.conversationId, c.lastSeq);
    c.joined = c.joined.filter((j) => members.get(j.userId)?.joinedSeq === j.joinedSeq);
  }
  return [...changes.values()];
}
