import { joinChannel } from "@/lib/chat/channels";
import { json, route } from "@/lib/http/handler";

export const POST = route(async ({ params, deps, user }) => {
  const { conversation, joined } = await joinChannel(deps, user.id, params.id);
  return json({ conversation }, joined ? 201 : 200);
});
