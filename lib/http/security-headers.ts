/**
 * Security headers. Pages get a per-request nonce CSP from proxy.ts (Next.js reads the nonce from
 * the request's CSP header and puts it on its own scripts); every other response — the API,
 * Next's static files, errors — gets the fixed set below from the HTTP server hook, so nothing
 * leaves without them. HSTS only when the public URL (NEXTAUTH_URL) is https.
 */
export function baseSecurityHeaders(publicUrl = process.env.NEXTAUTH_URL): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "cross-origin-opener-policy": "same-origin",
  };
  if (publicUrl?.startsWith("https://")) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** For responses that are not pages: nothing in them may run, load, or be framed. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The pages' policy: scripts only with this response's nonce (and what they load, via
 * 'strict-dynamic'), no inline script, no eval outside development; styles only from our own
 * files — no `<style>` elements or `style="…"` attributes in the markup (Tailwind compiles to a
 * stylesheet, no component renders a style attribute, and app/not-found.tsx replaces Next's
 * inline-styled 404; styles React sets through the CSSOM are not subject to CSP); in development
 * Next's overlay injects `<style>` elements, so 'unsafe-inline' stays there; everything else
 * from this origin only (plus the Pusher server's WebSocket in the pusher mode); never framed.
 */
export function pageCsp(nonce: string, opts: { dev?: boolean; https?: boolean; connect?: string[] } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self'${opts.dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    ["connect-src 'self'", ...(opts.connect ?? [])].join(" "),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
