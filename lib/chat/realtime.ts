import { z } from "zod";
import { channelUser } from "@/lib/realtime/pusher-channels";
import { decodeCursor, MAX_CURSOR_LENGTH, type StreamCursor } from "@/lib/realtime/stream-cursor";
import { errors } from "./errors";
import { parseInput } from "./validate";

/** What pusher-js posts to the channel-auth endpoint (form-encoded, by the protocol). */
export const channelAuthSchema = z.object({
  socket_id: z.string({ error: "socket_id is required" }).regex(/^\d{1,20}\.\d{1,20}$/, "socket_id must look like 1234.5678"),
  channel_name: z.string({ error: "channel_name is required" }).min(1, "channel_name is required").max(200, "channel_name is too long"),
});

export const eventsQuerySchema = z.object({
  cursor: z.string().max(MAX_CURSOR_LENGTH, "cursor is too long").optional(),
});

/**
 * A person may subscribe to their own channel only: everything they may see is sent there, and
 * who may see an event is decided when it is sent (lib/realtime/pusher-channels.ts).
 */
export function authorizeChannelRequest(userId: string, input: unknown): { socketId: string; channel: string } {
  const data = parseInput(channelAuthSchema, input);
  if (channelUser(data.channel_name) !== userId) {
    throw errors.forbidden("channel", "You may subscribe only to your own channel (private-user-<your id>)");
  }
  return { socketId: data.socket_id, channel: data.channel_name };
}

/** The cursor of GET /api/events: absent (start at the head) or one this server issued. */
export function parseEventsQuery(input: unknown): StreamCursor | null {
  const { cursor } = parseInput(eventsQuerySchema, input);
  if (cursor === undefined) return null;
  const decoded = decodeCursor(cursor);
  if (!decoded) throw errors.invalid("cursor is not a cursor issued by this server");
  return decoded;
}
