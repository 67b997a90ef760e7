import NextAuth from "next-auth";
import { errors } from "@/lib/chat/errors";
import { authOptions } from "@/lib/auth/options";
import { errorResponse, readText } from "@/lib/http/handler";
import { clientAddress, limits } from "@/lib/http/rate-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

const handler = (req: Request, ctx: Ctx) => NextAuth(req as never, ctx as never, authOptions());

export const GET = handler;

/**
 * next-auth reads the whole body and throws (a 500) on malformed JSON, so the body is capped and
 * checked here first. Sign-in attempts are rate limited per address and username.
 */
export async function POST(req: Request, ctx: Ctx) {
  try {
    const raw = await readText(req.clone());
    const isJson = (req.headers.get("content-type") ?? "").includes("application/json");
    let fields: unknown = Object.fromEntries(new URLSearchParams(raw));
    if (isJson) {
      try {
        fields = JSON.parse(raw);
      } catch {
        throw errors.invalid("Request body must be valid JSON");
      }
    }
    const { nextauth } = await ctx.params;
    if (nextauth.join("/") === "callback/credentials") {
      const username = (fields as { username?: unknown } | null)?.username;
      limits.login.take(`${clientAddress(req)}|${typeof username === "string" ? username.toLowerCase() : ""}`);
    }
  } catch (err) {
    return errorResponse(err);
  }
  return handler(req, ctx);
}
