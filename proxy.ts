import { NextResponse, type NextRequest } from "next/server";
import { isSameOriginRequest } from "@/lib/http/origin";
import { checkActionBody, MAX_ACTION_BYTES } from "@/lib/http/server-action-guard";
import { pageCsp } from "@/lib/http/security-headers";
import { pusherConnectSources } from "@/lib/config/pusher-env";

/**
 * Runs before pages (and API paths holding a "%"; see the matcher):
 * - pages get a fresh nonce and their CSP; Next.js reads the nonce from the request's
 *   Content-Security-Policy header and puts it on every script it renders;
 * - a server action (a POST to a page) from another origin is a 403 here, not Next's 500, and
 *   one with garbage or absurdly nested arguments a 400 (server-action-guard.ts);
 * - /chat without a session cookie goes to the sign-in page (the real check is in the page);
 * - an API path with broken percent-encoding (`/api/messages/%ZZ`) is a 400: Next.js fails to
 *   decode such a route param and answers a bare 500 before any handler runs.
 */
let connectSources: string[] | undefined;
/** The environment does not change while the process runs: read it once. */
const pusherConnect = () => (connectSources ??= pusherConnectSources());

export async function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  if (pathname.startsWith("/api/")) {
    try {
      decodeURIComponent(pathname);
      return NextResponse.next();
    } catch {
      return problem(400, "bad_request:input", "Malformed URL encoding in the path");
    }
  }
  if (!isSameOriginRequest(req.method, req.headers)) {
    return problem(403, "forbidden:origin", "Requests from other sites cannot change anything here");
  }
  // Every POST to a page: a server action called by React (next-action header) or a form sent
  // without JavaScript (its action id is a form field). Next.js hands the action a body cut at
  // proxyClientMaxBodySize, and a cut multipart body is its 500 "Failed to parse body as FormData".
  // Browsers declare the length of every form and fetch body; a streamed one could not be told
  // apart from a cut one, so it is refused.
  if (req.method === "POST") {
    const declared = req.headers.get("content-length");
    if (declared === null && req.headers.has("transfer-encoding")) {
      return problem(411, "length_required:body", "Send the body with a Content-Length");
    }
    if (Number(declared ?? 0) > MAX_ACTION_BYTES) {
      return problem(413, "too_large:body", `Request body is larger than ${MAX_ACTION_BYTES} bytes`);
    }
    if (req.headers.has("next-action")) {
      const bad = checkActionBody(req.headers.get("content-type") ?? "", await req.text());
      if (bad) return problem(bad[0], bad[0] === 413 ? "too_large:body" : "bad_request:input", bad[1]);
    }
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: process.env.NEXTAUTH_URL?.startsWith("https://"),
    connect: pusherConnect(),
  });

  let res: NextResponse;
  const hasSession = req.cookies.has("next-auth.session-token") || req.cookies.has("__Secure-next-auth.session-token");
  if (pathname.startsWith("/chat") && !hasSession) {
    const url = new URL("/login", req.url);
    url.searchParams.set("callbackUrl", pathname);
    // 303 for a form's POST (a server action sent without JavaScript): the sign-in page is a GET.
    res = NextResponse.redirect(url, req.method === "GET" || req.method === "HEAD" ? 307 : 303);
  } else {
    const headers = new Headers(req.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    res = NextResponse.next({ request: { headers } });
  }
  res.headers.set("content-security-policy", csp);
  return res;
}

function problem(status: number, code: string, message: string) {
  return NextResponse.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

// Every page; of the API only paths holding a "%": for a matched path Next.js buffers the whole
// request body (up to 10 MB) before the proxy runs, ahead of the routes' own 64 KiB cap.
export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon).*)", "/api/(.*%.*)"],
};
