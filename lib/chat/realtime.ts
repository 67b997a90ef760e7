import { z } from "zod";
import { decodeCursor, MAX_CURSOR_LENGTH, type StreamCursor } from "@/lib/realtime/stream-cursor";
import { errors } from "./errors";
import { parseInput } from "./validate";

export const eventsQuerySchema = z.object({
  cursor: z.string().max(MAX_CURSOR_LENGTH, "cursor is too long").optional(),
});

/** The cursor of GET /api/events: absent (start at the head) or one this server issued. */
export function parseEventsQuery(input: unknown): StreamCursor | null {
  const { cursor } = parseInput(eventsQuerySchema, input);
  if (cursor === undefined) return null;
  const decoded = decodeCursor(cursor);
  if (!decoded) throw errors.invalid("cursor is not a cursor issued by this server");
  return decoded;
}
