import { searchMessages } from "@/lib/chat/search";
import { json, route, searchParams } from "@/lib/http/handler";

export const GET = route(async ({ req, deps, user }) => {
  return json(await searchMessages(deps, user.id, searchParams(req)));
});
