import { addReaction, removeReaction } from "@/lib/chat/reactions";
import { json, route } from "@/lib/http/handler";
import { limits } from "@/lib/http/rate-limit";

export const PUT = route(async ({ params, deps, user }) => {
  limits.write.take(user.id);
  return json({ message: await addReaction(deps, user.id, params.id, params.emoji) });
});

export const DELETE = route(async ({ params, deps, user }) => {
  limits.write.take(user.id);
  return json({ message: await removeReaction(deps, user.id, params.id, params.emoji) });
});
