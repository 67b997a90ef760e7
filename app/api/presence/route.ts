import { json, route } from "@/lib/http/handler";

/** The status of everyone who shares a conversation with me; people not listed are offline. */
export const GET = route(async ({ deps, user }) => {
  return json({ presence: await deps.presence.peersOf(user.id) });
});
