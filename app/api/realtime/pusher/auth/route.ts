import { errors } from "@/lib/chat/errors";
import { authorizeChannelRequest } from "@/lib/chat/realtime";
import { json, readText, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

/**
 * Signs a private channel subscription for pusher-js (docs/api.md). Form-encoded because that is
 * what the Pusher protocol's clients send; the route wrapper's same-origin rule still applies.
 */
export const POST = route(async ({ req, deps, user }) => {
  if (!deps.channelAuth) throw errors.notFound("realtime", "The pusher realtime mode is not configured on this server");
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers.get("content-type") ?? "")) {
    throw errors.unsupportedMedia("Send the body form-encoded (content-type: application/x-www-form-urlencoded), as pusher-js does");
  }
  const form = new URLSearchParams(await readText(req, 4 * 1024));
  const input: Record<string, string> = {};
  for (const key of ["socket_id", "channel_name"]) {
    const values = form.getAll(key);
    if (values.length > 1) throw errors.invalid(`${key} must be given once`);
    if (values.length === 1) input[key] = values[0];
  }
  const { socketId, channel } = authorizeChannelRequest(user.id, input);
  return json(deps.channelAuth.authorizeChannel(socketId, channel));
});
