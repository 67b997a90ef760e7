import type { ServerResponse } from "node:http";
import type { SseConnection, SseSink } from "./sse-connection";
import type { SseHub } from "./sse-hub";
import type { StreamCursor } from "./stream-cursor";

/** A client this far behind is disconnected rather than buffered without bound; it resumes. */
const MAX_BUFFERED_BYTES = 4 << 20;

/**
 * Serves one SSE stream on Node's response directly. (An App Router `ReadableStream` pins ~70 KiB
 * of per-request machinery per open stream and adds a web-stream hop per frame; see
 * docs/decisions.md.) `no-transform` keeps Next's gzip away: compressed frames would sit in the
 * compressor's buffer and never reach the browser.
 */
export function openNodeEventStream(opts: {
  res: ServerResponse;
  hub: SseHub;
  userId: string;
  cursor: StreamCursor | null;
  heartbeatMs: number;
}) {
  const { res, hub } = opts;
  let conn: SseConnection | undefined;
  let closed = false;
  const cleanup = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    if (conn) hub.disconnect(conn);
  };
  const sink: SseSink = {
    write(frame) {
      if (closed || res.writableEnded || res.destroyed || res.writableLength > MAX_BUFFERED_BYTES) return false;
      res.write(frame);
      return true;
    },
    close() {
      if (!res.writableEnded) res.end();
      cleanup();
    },
  };
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no", // nginx: do not buffer the stream
  });
  // Tell EventSource how long to wait before reconnecting, then open.
  sink.write("retry: 2000\n\n");
  res.on("close", cleanup);
  const timer = setInterval(() => conn?.heartbeat(), opts.heartbeatMs);
  hub.connect(opts.userId, sink, opts.cursor).then(
    (c) => {
      conn = c;
      if (closed) hub.disconnect(c); // the client left during replay
    },
    (err) => {
      console.error("[sse] could not open the stream", err);
      sink.close();
    },
  );
}
