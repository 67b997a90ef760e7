import { addMember } from "@/lib/chat/conversations";
import { json, readJson, route } from "@/lib/http/handler";

export const POST = route(async ({ req, params, deps, user }) => {
  return json({ conversation: await addMember(deps, user.id, params.id, await readJson(req)) }, 201);
});
