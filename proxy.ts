import { NextResponse, type NextRequest } from "next/server";

/**
 * A cheap gate for pages: no session cookie, no dashboard. The real check (a valid token for an
 * existing account) happens in the page and in every route handler.
 */
export function proxy(req: NextRequest) {
  const hasSession =
    req.cookies.has("next-auth.session-token") || req.cookies.has("__Secure-next-auth.session-token");
  if (!hasSession) {
    const url = new URL("/login", req.url);
    url.searchParams.set("callbackUrl", req.nextUrl.pathname);
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

export const config = { matcher: ["/chat/:path*"] };
