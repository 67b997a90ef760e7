import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { errors } from "@/lib/chat/errors";
import { authOptions } from "@/lib/auth/options";
import { errorResponse, readText } from "@/lib/http/handler";
import { isSameOriginRequest } from "@/lib/http/origin";
import { clientAddress } from "@/lib/http/rate-limit";
import { signInUnavailableResponse } from "@/lib/http/unavailable";
import { beginSignIn, type SignInAttempt } from "@/lib/http/sign-in-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

const handler = (req: Request, ctx: Ctx) => NextAuth(req as never, ctx as never, authOptions());

export const GET = handler;

/**
 * The body is read once, through the same capped reader as every route (413 past 64 KiB, declared
 * or streamed), and next-auth gets a copy of what was read. Malformed JSON is a 400 here, where
 * next-auth would throw a 500. Sign-in attempts are rate limited on the client address and the
 * username as the login schema normalizes it.
 */
export async function POST(req: NextRequest, ctx: Ctx) {
  let body: string;
  let attempt: SignInAttempt | undefined;
  try {
    if (!isSameOriginRequest(req.method, req.headers)) throw errors.crossOrigin();
    body = await readText(req);
    const isJson = (req.headers.get("content-type") ?? "").includes("application/json");
    let fields: unknown = Object.fromEntries(new URLSearchParams(body));
    if (isJson) {
      try {
        fields = JSON.parse(body);
      } catch {
        throw errors.invalid("Request body must be valid JSON");
      }
    }
    const { nextauth } = await ctx.params;
    if (nextauth.join("/") === "callback/credentials") {
      attempt = beginSignIn(clientAddress(req.headers), (fields as { username?: unknown } | null)?.username);
    }
  } catch (err) {
    return errorResponse(err);
  }
  const copy = new NextRequest(req.url, { method: "POST", headers: req.headers, body });
  const res = await handler(copy, ctx);
  const unavailable = await signInUnavailableResponse(res);
  if (unavailable) attempt?.cancel();
  else attempt?.settle(signedIn(res));
  return unavailable ?? res;
}

function signedIn(res: Response): boolean {
  return res.headers.getSetCookie().some((c) => /^(__Secure-)?next-auth\.session-token=[^;]+/.test(c));
}
