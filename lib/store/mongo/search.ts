import type { IndexDescription } from "mongodb";
import { indexTerms, matchesAll } from "@/lib/chat/search-terms";
import type { Message } from "@/lib/chat/types";
import type { EntryDoc } from "./documents";
import type { EntryLog } from "./entries";
import type { MongoMessages } from "./messages";

/**
 * Search without text indexes, which FerretDB v1 does not have ($text is an unknown operator
 * there, createIndex({text: "text"}) fails): each message version in the log carries its own
 * normalized words (fts.terms), written with the insert and erased with the message. A term
 * matches words it starts with through an anchored regex, which real MongoDB serves from the
 * multikey index below and FerretDB answers by scanning. Several terms are an $and of such
 * clauses ($all with regexes silently matches nothing on FerretDB v1). Older versions of an
 * edited message still carry their words, so every candidate is checked against the message's
 * current text before it is returned.
 */
export const SEARCH_INDEXES: IndexDescription[] = [
  { key: { "fts.terms": 1, "fts.at": -1, "fts.id": -1 }, name: "fts_terms_at" },
];

const BATCH = 200;

export function searchIndex(text: string, at: string, id: string): EntryDoc["fts"] {
  return { terms: indexTerms(text), at, id };
}

export async function searchMessages(
  log: EntryLog,
  messages: MongoMessages,
  input: { conversationIds: string[]; terms: string[]; before?: string; limit: number },
): Promise<{ messages: Message[]; nextCursor: string | null }> {
  if (input.terms.length === 0 || input.conversationIds.length === 0 || input.limit <= 0) return { messages: [], nextCursor: null };
  let cursor = decodeCursor(input.before);
  if (input.before && !cursor) return { messages: [], nextCursor: null };
  const found: Message[] = [];
  const seen = new Set<string>();
  for (;;) {
    const candidates = await log.collection
      .find({
        conversationId: { $in: input.conversationIds },
        type: { $in: ["message.created", "message.updated"] },
        $and: [
          ...input.terms.map((t) => ({ "fts.terms": { $regex: `^${escapeRegExp(t)}` } })),
          ...(cursor ? [{ $or: [{ "fts.at": { $lt: cursor.at } }, { "fts.at": cursor.at, "fts.id": { $lt: cursor.id } }] }] : []),
        ],
      })
      .sort({ "fts.at": -1, "fts.id": -1 })
      .limit(BATCH)
      .toArray();
    const ids = [...new Set(candidates.map((c) => c.fts!.id))].filter((id) => !seen.has(id));
    ids.forEach((id) => seen.add(id));
    const created = ids.length ? await log.collection.find({ _id: { $in: ids }, type: "message.created" }).toArray() : [];
    const byId = new Map((await messages.current(created)).map((m) => [m.id, m]));
    for (const id of ids) {
      const m = byId.get(id);
      if (m && !m.deletedAt && m.text !== null && matchesAll(m.text, input.terms)) found.push(m);
      if (found.length > input.limit) break;
    }
    if (found.length > input.limit || candidates.length < BATCH) break;
    const last = candidates[candidates.length - 1].fts!;
    cursor = { at: last.at, id: last.id };
  }
  const page = found.slice(0, input.limit);
  const tail = page[page.length - 1];
  return { messages: page, nextCursor: found.length > input.limit ? encodeCursor({ at: tail.createdAt, id: tail.id }) : null };
}

function encodeCursor(c: { at: string; id: string }) {
  return Buffer.from(`${c.at} ${c.id}`).toString("base64url");
}

function decodeCursor(s: string | undefined): { at: string; id: string } | null {
  if (!s) return null;
  const [at, id, extra] = Buffer.from(s, "base64url").toString("utf8").split(" ");
  return at && id && extra === undefined ? { at, id } : null;
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
