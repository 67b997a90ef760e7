import { sendMessage } from "@/lib/chat/messages";
import { listTimeline } from "@/lib/chat/timeline";
import { readNodeJson } from "@/lib/http/json-body";
import { nodeRoute, sendJson } from "@/lib/http/node-route";
import { limits } from "@/lib/http/rate-limit";

/**
 * History (GET) and the send (POST), docs/api.md. A Pages Router API route on Node's own request
 * and response because the send is the hottest write: the App Router's per-request preparation
 * and web-stream conversions cost more than the send itself (docs/decisions.md, figures in
 * docs/benchmarks.md). Same use cases, schema, origin rule, session check, limiter, body cap and
 * answers as the App Router routes (lib/http/node-route.ts, lib/http/json-body.ts).
 */
export const config = { api: { bodyParser: false } };

export default nodeRoute({
  GET: async ({ req, res, params, deps, user }) => {
    // As the App Router's searchParams(): the last of repeated keys wins.
    const query = Object.fromEntries(new URL(req.url ?? "/", "http://localhost").searchParams);
    sendJson(res, 200, await listTimeline(deps, user.id, params.id, query));
  },
  POST: async ({ req, res, params, deps, user }) => {
    limits.write.take(user.id);
    const { message, created } = await sendMessage(deps, user.id, params.id, await readNodeJson(req));
    sendJson(res, created ? 201 : 200, { message });
  },
});
