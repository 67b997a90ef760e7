import type Database from "better-sqlite3";
import type { Message } from "@/lib/chat/types";
import { toMessage, type MessageRow } from "./rows";

/**
 * Full-text search over FTS5 (migration: messages_fts, an external-content index kept in step by
 * triggers inside each write's transaction). Newest first by rowid, which grows with inserts, so
 * FTS5 walks its index backwards and stops at the limit. The cursor is that rowid.
 */
export function searchMessages(
  db: Database.Database,
  input: { conversationIds: string[]; terms: string[]; before?: string; limit: number },
): { messages: Message[]; nextCursor: string | null } {
  if (input.terms.length === 0 || input.conversationIds.length === 0 || input.limit <= 0) return { messages: [], nextCursor: null };
  const before = input.before ? Number(input.before) : Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(before)) return { messages: [], nextCursor: null };
  // Each term as a quoted prefix token: FTS5 query syntax in the text stays text.
  const match = input.terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(" ");
  const rows = db
    .prepare(
      `SELECT m.*, f.rowid AS rid FROM messages_fts f
       JOIN messages m ON m.rowid = f.rowid
       WHERE messages_fts MATCH @match AND f.rowid < @before
         AND m.deleted_at IS NULL
         AND m.conversation_id IN (SELECT value FROM json_each(@ids))
       ORDER BY f.rowid DESC LIMIT @limit`,
    )
    .all({ match, before, ids: JSON.stringify(input.conversationIds), limit: input.limit + 1 }) as (MessageRow & { rid: number })[];
  const page = rows.slice(0, input.limit);
  return { messages: page.map(toMessage), nextCursor: rows.length > input.limit ? String(page[page.length - 1].rid) : null };
}
