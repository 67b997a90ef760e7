/**
 * The framework's floor for a held SSE stream: a Pages Router API route writing to Node's
 * response, a heartbeat timer per stream, nothing else (what the app's /api/stream does before
 * any chat work). Its RSS per idle stream is what `next start` costs per open request.
 */
export const config = { api: { bodyParser: false, responseLimit: false } };

const HEARTBEAT_MS = Number(process.env.SSE_HEARTBEAT_MS || 25_000);

export default function streamNode(req, res) {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform" });
  res.write("retry: 2000\n\nevent: ready\ndata: {}\n\n");
  const timer = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
  res.on("close", () => clearInterval(timer));
}
