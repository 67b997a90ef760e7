import { createConversation, listConversations } from "@/lib/chat/conversations";
import { json, readJson, route } from "@/lib/http/handler";
import { limits } from "@/lib/http/rate-limit";

export const GET = route(async ({ deps, user }) => json({ conversations: await listConversations(deps, user.id) }));

export const POST = route(async ({ req, deps, user }) => {
  limits.conversation.take(user.id);
  const { conversation, created } = await createConversation(deps, user.id, await readJson(req));
  return json({ conversation }, created ? 201 : 200);
});
