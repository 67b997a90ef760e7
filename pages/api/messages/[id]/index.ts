import { deleteMessage, editMessage } from "@/lib/chat/messages";
import { readNodeJson } from "@/lib/http/json-body";
import { nodeRoute, sendJson } from "@/lib/http/node-route";
import { limits } from "@/lib/http/rate-limit";

/**
 * Edit (PATCH) and delete (DELETE) one's message, docs/api.md. On Node's own request and response
 * like the send (pages/api/conversations/[id]/messages.ts, docs/decisions.md): same use cases,
 * limiter and answers as the App Router route it replaces.
 */
export const config = { api: { bodyParser: false } };

export default nodeRoute({
  PATCH: async ({ req, res, params, deps, user }) => {
    limits.write.take(user.id);
    sendJson(res, 200, { message: await editMessage(deps, user.id, params.id, await readNodeJson(req)) });
  },
  DELETE: async ({ res, params, deps, user }) => {
    limits.write.take(user.id);
    sendJson(res, 200, { message: await deleteMessage(deps, user.id, params.id) });
  },
});
