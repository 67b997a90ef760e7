import { removeMember } from "@/lib/chat/conversations";
import { json, route } from "@/lib/http/handler";

/** Admins remove members; anyone removes themself (leave). */
export const DELETE = route(async ({ params, deps, user }) => {
  return json({ conversation: await removeMember(deps, user.id, params.id, params.userId) });
});
