import { errors } from "@/lib/chat/errors";
import { route } from "@/lib/http/handler";
import { decodeCursor } from "@/lib/realtime/stream-cursor";
import { openEventStream } from "@/lib/realtime/sse-response";

export const dynamic = "force-dynamic";

/**
 * The signed-in user's live stream. Resumes from Last-Event-ID (or ?lastEventId= for clients
 * that open a new EventSource) by replaying from the store first.
 */
export const GET = route(async ({ req, deps, user }) => {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("lastEventId");
  const cursor = raw ? decodeCursor(raw) : null;
  if (raw && !cursor) throw errors.invalid("Last-Event-ID is not a cursor issued by this server");
  return openEventStream({ req, hub: deps.hub, userId: user.id, cursor, heartbeatMs: deps.env.SSE_HEARTBEAT_MS });
});
