import { deleteMessage, editMessage } from "@/lib/chat/messages";
import { json, readJson, route } from "@/lib/http/handler";
import { limits } from "@/lib/http/rate-limit";

export const PATCH = route(async ({ req, params, deps, user }) => {
  limits.write.take(user.id);
  return json({ message: await editMessage(deps, user.id, params.id, await readJson(req)) });
});

export const DELETE = route(async ({ params, deps, user }) => {
  limits.write.take(user.id);
  return json({ message: await deleteMessage(deps, user.id, params.id) });
});
