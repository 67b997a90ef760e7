import { getConversation, renameConversation } from "@/lib/chat/conversations";
import { json, readJson, route } from "@/lib/http/handler";
import { limits } from "@/lib/http/rate-limit";

export const GET = route(async ({ params, deps, user }) => json({ conversation: await getConversation(deps, user.id, params.id) }));

export const PATCH = route(async ({ req, params, deps, user }) => {
  limits.conversation.take(user.id);
  return json({ conversation: await renameConversation(deps, user.id, params.id, await readJson(req)) });
});
