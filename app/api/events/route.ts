import { parseEventsQuery } from "@/lib/chat/realtime";
import { json, route, searchParams } from "@/lib/http/handler";
import { replayEvents } from "@/lib/realtime/event-replay";

export const dynamic = "force-dynamic";

/** Events after a cursor, from the store, in pages (docs/api.md): the stream's replay over plain HTTP. */
const PAGE = 500;

export const GET = route(async ({ req, deps, user }) => {
  // A repeated parameter is refused, not silently reduced to one of its values.
  const given = new URL(req.url).searchParams.getAll("cursor");
  const cursor = parseEventsQuery({ ...searchParams(req), cursor: given.length > 1 ? given : given[0] });
  return json(await replayEvents(deps.store, user.id, cursor, { page: PAGE, resetOver: deps.env.SSE_REPLAY_MAX_EVENTS }));
});
