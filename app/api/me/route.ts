import { updateProfile } from "@/lib/chat/profile";
import { json, readJson, route } from "@/lib/http/handler";

export const GET = route(async ({ user }) => json({ user }));

export const PATCH = route(async ({ req, deps, user }) => {
  return json({ user: await updateProfile(deps, user.id, await readJson(req)) });
});
