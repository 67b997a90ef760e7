import dc from "node:diagnostics_channel";
import { baseSecurityHeaders, NON_PAGE_CSP } from "./security-headers";

/**
 * The header that carries the TCP peer's address from Node's HTTP server to route handlers and
 * server actions. Next.js hides the socket from them and only fills in X-Forwarded-For when the
 * client did not send one, so a client could otherwise pick its own address.
 */
export const PEER_HEADER = "x-chat-peer-address";

/** What a proxy in front of the app reports; believed only when TRUST_PROXY names one. */
const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

const flag = globalThis as unknown as { __chatPeerAddress?: boolean };

interface Response {
  hasHeader(name: string): boolean;
  setHeader(name: string, value: string): void;
  writeHead: (...args: unknown[]) => unknown;
}

interface RequestStart {
  request: { url?: string; headers: Record<string, string | string[] | undefined> };
  response: Response;
  socket: { remoteAddress?: string };
}

/**
 * Runs for every request before Next.js sees it (Node publishes `http.server.request.start`
 * synchronously before the "request" event):
 * - stamps the socket address (a value the client sent under that name is overwritten — Node
 *   lower-cases header names, so no spelling escapes);
 * - without TRUST_PROXY, drops forwarding headers, so neither rate limits nor next-auth's URLs
 *   (which follow X-Forwarded-Host) can be steered by a client;
 * - sets the security headers every response carries (pages get their nonce CSP from proxy.ts).
 */
export function installPeerAddress(opts: { trustProxy: boolean }) {
  if (flag.__chatPeerAddress) return;
  flag.__chatPeerAddress = true;
  // Pages set their nonce CSP in proxy.ts; anything that sets none gets the lock-down one.
  const defaults = [...Object.entries(baseSecurityHeaders()), ["content-security-policy", NON_PAGE_CSP]];
  dc.subscribe("http.server.request.start", (message) => {
    const { request, response, socket } = message as RequestStart;
    request.headers[PEER_HEADER] = socket.remoteAddress ?? "";
    if (!opts.trustProxy) for (const h of FORWARDED) delete request.headers[h];
    // Defaults, applied as the head is written: Next.js never overwrites a header that is already
    // set, so setting them now would beat a route's own (a file's sandbox CSP, a page's nonce CSP).
    const writeHead = response.writeHead;
    response.writeHead = function (this: Response, ...args: unknown[]) {
      for (const [name, value] of defaults) if (!this.hasHeader(name)) this.setHeader(name, value);
      return writeHead.apply(this, args);
    };
  });
}
