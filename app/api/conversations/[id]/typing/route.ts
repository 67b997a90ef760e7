import { reportTyping } from "@/lib/chat/typing";
import { readJson, route } from "@/lib/http/handler";
import { limits } from "@/lib/http/rate-limit";

export const POST = route(async ({ req, params, deps, user }) => {
  const input = await readJson(req);
  limits.typing.take(user.id);
  await reportTyping(deps, user.id, params.id, input);
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
});
