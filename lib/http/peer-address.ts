import dc from "node:diagnostics_channel";

/**
 * The header that carries the TCP peer's address from Node's HTTP server to route handlers and
 * server actions. Next.js hides the socket from them and only fills in X-Forwarded-For when the
 * client did not send one, so a client could otherwise pick its own address.
 */
export const PEER_HEADER = "x-chat-peer-address";

const flag = globalThis as unknown as { __chatPeerAddress?: boolean };

/**
 * Stamps every incoming request with its socket address before Next.js sees it. A value the client
 * sent under the same name is overwritten (Node lower-cases header names, so no spelling escapes).
 * Node publishes `http.server.request.start` synchronously before the "request" event.
 */
export function installPeerAddress() {
  if (flag.__chatPeerAddress) return;
  flag.__chatPeerAddress = true;
  dc.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as {
      request: { headers: Record<string, string | string[] | undefined> };
      socket: { remoteAddress?: string };
    };
    request.headers[PEER_HEADER] = socket.remoteAddress ?? "";
  });
}
