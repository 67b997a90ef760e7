import { addMember } from "@/lib/chat/conversations";
import { json, readJson, route } from "@/lib/http/handler";
import { limits } from "@/lib/http/rate-limit";

export const POST = route(async ({ req, params, deps, user }) => {
  limits.conversation.take(user.id);
  return json({ conversation: await addMember(deps, user.id, params.id, await readJson(req)) }, 201);
});
