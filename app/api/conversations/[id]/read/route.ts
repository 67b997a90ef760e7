import { markRead } from "@/lib/chat/messages";
import { json, readJson, route } from "@/lib/http/handler";

export const POST = route(async ({ req, params, deps, user }) => {
  return json(await markRead(deps, user.id, params.id, await readJson(req)));
});
