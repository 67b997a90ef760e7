import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { errorResponse } from "@/lib/http/handler";
import { clientAddress, limits } from "@/lib/http/rate-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

const handler = (req: Request, ctx: Ctx) => NextAuth(req as never, ctx as never, authOptions());

export const GET = handler;

/** Sign-in attempts are rate limited per address and username before next-auth sees them. */
export async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await req.clone().formData().catch(() => null);
    const username = String(form?.get("username") ?? "").toLowerCase();
    try {
      limits.login.take(`${clientAddress(req)}|${username}`);
    } catch (err) {
      return errorResponse(err);
    }
  }
  return handler(req, ctx);
}
