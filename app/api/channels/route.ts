import { listChannels } from "@/lib/chat/channels";
import { json, route, searchParams } from "@/lib/http/handler";

export const GET = route(async ({ req, deps, user }) => {
  return json({ channels: await listChannels(deps, user.id, searchParams(req)) });
});
