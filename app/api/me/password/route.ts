import { changePassword } from "@/lib/chat/profile";
import { json, readJson, route } from "@/lib/http/handler";
import { limits } from "@/lib/http/rate-limit";

export const POST = route(async ({ req, deps, user, sessionId }) => {
  limits.password.take(user.id);
  return json(await changePassword(deps, user, sessionId, await readJson(req)));
});
