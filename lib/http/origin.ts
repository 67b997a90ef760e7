/**
 * The one same-origin rule for state changes (route wrapper, next-auth's POSTs, server actions).
 *
 * Browsers say where a request comes from: `Sec-Fetch-Site` (every current browser) or `Origin`
 * (sent on every non-GET request). A request that says it comes from elsewhere — another site,
 * another port of this host (`same-site`), or an opaque origin (`Origin: null`) — changes nothing.
 * A request with neither header is not from a browser page (curl, a bot, a script): cookies are not
 * sent on its behalf by anyone else, so there is no forgery to stop.
 */
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export interface HeaderReader {
  get(name: string): string | null;
}

export function isSameOriginRequest(method: string, headers: HeaderReader, publicUrl = process.env.NEXTAUTH_URL): boolean {
  if (SAFE.has(method.toUpperCase())) return true;
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = headers.get("origin");
  if (origin === null) return true;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false; // "null" and anything unparsable
  }
  if (publicUrl) {
    try {
      return from.origin === new URL(publicUrl).origin;
    } catch {
      return false;
    }
  }
  // Without a configured public URL the app is whatever host the browser asked for. Forwarded
  // hosts only count when a trusted proxy set them (the peer hook drops them otherwise).
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  return !!host && from.host === host.toLowerCase();
}
