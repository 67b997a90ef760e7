import { sendMessage } from "@/lib/chat/messages";
import { listTimeline } from "@/lib/chat/timeline";
import { json, readJson, route, searchParams } from "@/lib/http/handler";
import { limits } from "@/lib/http/rate-limit";

export const GET = route(async ({ req, params, deps, user }) => {
  return json(await listTimeline(deps, user.id, params.id, searchParams(req)));
});

export const POST = route(async ({ req, params, deps, user }) => {
  limits.write.take(user.id);
  const { message, created } = await sendMessage(deps, user.id, params.id, await readJson(req));
  return json({ message }, created ? 201 : 200);
});
