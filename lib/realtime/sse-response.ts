import type { SseConnection } from "./sse-connection";
import type { SseHub } from "./sse-hub";
import type { StreamCursor } from "./stream-cursor";

/** A client this far behind is disconnected rather than buffered without bound; it resumes. */
const MAX_QUEUED_FRAMES = 5_000;

export function openEventStream(opts: {
  req: Request;
  hub: SseHub;
  userId: string;
  cursor: StreamCursor | null;
  heartbeatMs: number;
}): Response {
  const encoder = new TextEncoder();
  let conn: SseConnection | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const cleanup = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    if (conn) opts.hub.disconnect(conn);
    opts.req.signal.removeEventListener("abort", cleanup);
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const sink = {
          write(frame: string) {
            if (closed || (controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) return false;
            try {
              controller.enqueue(encoder.encode(frame));
              return true;
            } catch {
              return false;
            }
          },
          close() {
            try {
              controller.close();
            } catch {
              /* already closed */
            }
            cleanup();
          },
        };
        // Tell EventSource how long to wait before reconnecting, then open.
        sink.write("retry: 2000\n\n");
        opts.req.signal.addEventListener("abort", cleanup);
        timer = setInterval(() => conn?.heartbeat(), opts.heartbeatMs);
        opts.hub.connect(opts.userId, sink, opts.cursor).then(
          (c) => {
            conn = c;
            if (closed) opts.hub.disconnect(c); // the client left during replay
          },
          (err) => {
            console.error("[sse] could not open the stream", err);
            sink.close();
          },
        );
      },
      cancel: cleanup,
    },
    { highWaterMark: 1 },
  );

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no", // nginx: do not buffer the stream
    },
  });
}
