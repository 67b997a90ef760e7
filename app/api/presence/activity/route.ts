import { readJson, route } from "@/lib/http/handler";
import { limits } from "@/lib/http/rate-limit";
import { parseInput } from "@/lib/chat/validate";
import { activitySchema } from "@/lib/chat/presence-input";

/** "I am here": input in a tab. Keeps (or brings) the caller online instead of away. */
export const POST = route(async ({ req, deps, user }) => {
  parseInput(activitySchema, await readJson(req));
  limits.activity.take(user.id);
  deps.presence.activity(user.id);
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
});
