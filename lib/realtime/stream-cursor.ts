/**
 * The SSE event id: the client's position in every conversation it follows, as
 * "v1:<conversationId>.<seq>,<conversationId>.<seq>…". Per-conversation seqs are allocated by the
 * store in commit order, so "replay everything after seq N" per conversation has no gaps, which a
 * single clock- or ObjectId-based id across instances could not promise.
 */
export type StreamCursor = Map<string, number>;

const PREFIX = "v1:";
const ENTRY = /^([A-Za-z0-9_-]{1,64})\.(\d{1,15})$/;
export const MAX_CURSOR_LENGTH = 64 * 1024;

export function encodeCursor(cursor: StreamCursor): string {
  const parts: string[] = [];
  for (const [id, seq] of cursor) parts.push(`${id}.${seq}`);
  return PREFIX + parts.join(",");
}

/** Returns null for a malformed cursor. */
export function decodeCursor(raw: string): StreamCursor | null {
  if (!raw.startsWith(PREFIX) || raw.length > MAX_CURSOR_LENGTH) return null;
  const body = raw.slice(PREFIX.length);
  const cursor: StreamCursor = new Map();
  if (body === "") return cursor;
  for (const part of body.split(",")) {
    const m = ENTRY.exec(part);
    if (!m) return null;
    cursor.set(m[1], Number(m[2]));
  }
  return cursor;
}
