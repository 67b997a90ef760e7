import { searchUsers } from "@/lib/chat/accounts";
import { json, route, searchParams } from "@/lib/http/handler";

export const GET = route(async ({ req, deps, user }) => {
  return json({ users: await searchUsers(deps, user.id, searchParams(req)) });
});
