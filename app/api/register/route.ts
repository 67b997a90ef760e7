import { registerUser } from "@/lib/chat/accounts";
import { json, readJson, route } from "@/lib/http/handler";
import { clientAddress, limits } from "@/lib/http/rate-limit";

export const POST = route(
  async ({ req, deps }) => {
    limits.register.take(clientAddress(req.headers));
    const user = await registerUser(deps, await readJson(req));
    return json({ user }, 201);
  },
  { auth: false },
);
