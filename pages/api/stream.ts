import type { NextApiRequest, NextApiResponse } from "next";
import { sessionFromCookieHeader } from "@/lib/auth/session-user";
import { ChatError, errors } from "@/lib/chat/errors";
import { errorResponse } from "@/lib/http/error-response";
import { openNodeEventStream } from "@/lib/realtime/node-event-stream";
import { sessionWatch } from "@/lib/realtime/session-watch";
import { decodeCursor } from "@/lib/realtime/stream-cursor";
import { builtContainer } from "@/lib/server/built-container";
import { StoreUnavailableError } from "@/lib/store/store-fault";

/**
 * The signed-in user's live stream (docs/api.md). A Pages Router API route, beside the App
 * Router, because it can write frames to Node's response directly: see docs/decisions.md.
 * Resumes from Last-Event-ID (or ?lastEventId= for clients that open a new EventSource).
 */
export const config = { api: { bodyParser: false, responseLimit: false } };

const RETRY_AFTER_S = 5;

export default async function stream(req: NextApiRequest, res: NextApiResponse) {
  try {
    if (req.method !== "GET") {
      res.setHeader("allow", "GET");
      return void res.status(405).json({ error: { code: "bad_request:method", message: "Use GET" } });
    }
    // Only what the App Router side built: this bundle must not import the container's chain.
    const deps = await builtContainer()?.catch(() => undefined);
    if (!deps) throw new StoreUnavailableError({ reason: "unreachable", heals: true }, "stream: the app is still connecting");
    const session = await sessionFromCookieHeader(deps, req.headers.cookie);
    if (!session) throw errors.unauthorized();
    const { user } = session;
    const query = req.query.lastEventId;
    const header = req.headers["last-event-id"];
    const raw = typeof header === "string" ? header : typeof query === "string" ? query : undefined;
    const cursor = raw ? decodeCursor(raw) : null;
    if (raw && !cursor) throw errors.invalid("Last-Event-ID is not a cursor issued by this server");
    const over = deps.hub.overLimit(user.id);
    if (over) {
      const message = over === "user" ? "Too many open streams for this account" : "This server holds as many streams as it can";
      throw new ChatError(`rate_limited:streams_per_${over}`, 429, `${message}; retry in ${RETRY_AFTER_S}s`);
    }
    openNodeEventStream({ res, hub: deps.hub, userId: user.id, cursor, heartbeatMs: deps.env.SSE_HEARTBEAT_MS });
    // A stream ends with its sign-in (sign-out elsewhere, password change); the client's
    // reconnect then gets 401.
    const unwatch = sessionWatch(deps, deps.env.SSE_SESSION_CHECK_MS).watch(session.sessionId, user.id, () => res.end());
    res.on("close", unwatch);
  } catch (err) {
    const r = errorResponse(err);
    res.statusCode = r.status;
    r.headers.forEach((value, key) => res.setHeader(key, value));
    res.setHeader("cache-control", "no-store");
    res.end(await r.text());
  }
}
