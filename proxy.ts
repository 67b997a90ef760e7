import { NextResponse, type NextRequest } from "next/server";

/**
 * A cheap gate for pages: no session cookie, no dashboard. The real check (a valid token for an
 * existing account) happens in the page and in every route handler.
 * For the API it only rejects paths with broken percent-encoding (`/api/messages/%ZZ`): Next.js
 * fails to decode such a route param and answers a bare 500 before any handler runs.
 */
export function proxy(req: NextRequest) {
  if (req.nextUrl.pathname.startsWith("/api/")) {
    try {
      decodeURIComponent(req.nextUrl.pathname);
      return NextResponse.next();
    } catch {
      return NextResponse.json(
        { error: { code: "bad_request:input", message: "Malformed URL encoding in the path" } },
        { status: 400 },
      );
    }
  }
  const hasSession =
    req.cookies.has("next-auth.session-token") || req.cookies.has("__Secure-next-auth.session-token");
  if (!hasSession) {
    const url = new URL("/login", req.url);
    url.searchParams.set("callbackUrl", req.nextUrl.pathname);
    return NextResponse.redirect(url);
  }
  return NextResponse.next();
}

// The API is matched only where the path holds a "%": for a matched path Next.js buffers the whole
// request body (up to 10 MB) before the proxy runs, ahead of the routes' own 64 KiB cap.
export const config = { matcher: ["/chat/:path*", "/api/(.*%.*)"] };
