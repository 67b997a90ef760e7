import { addReaction, removeReaction } from "@/lib/chat/reactions";
import { nodeRoute, sendJson } from "@/lib/http/node-route";
import { limits } from "@/lib/http/rate-limit";

/**
 * Add (PUT) and remove (DELETE) my reaction, docs/api.md. On Node's own request and response like
 * the send (docs/decisions.md). The emoji arrives decoded here; parseEmoji accepts both forms.
 */
export const config = { api: { bodyParser: false } };

export default nodeRoute({
  PUT: async ({ res, params, deps, user }) => {
    limits.write.take(user.id);
    sendJson(res, 200, { message: await addReaction(deps, user.id, params.id, params.emoji) });
  },
  DELETE: async ({ res, params, deps, user }) => {
    limits.write.take(user.id);
    sendJson(res, 200, { message: await removeReaction(deps, user.id, params.id, params.emoji) });
  },
});
