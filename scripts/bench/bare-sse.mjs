#!/usr/bin/env node
// The floor: a bare node:http SSE broadcaster with the same shape as the app's hot path.
// GET /stream?user=N holds a stream (user N is in room floor(N/10)); POST /send?room=R with a JSON
// body {text, clientId} writes one frame to every stream in the room and answers 201;
// GET /health answers {status:"ok"}. No auth, no store: what Node itself costs.
import http from "node:http";

const port = Number(process.env.PORT ?? 0);
const heartbeatMs = Number(process.env.SSE_HEARTBEAT_MS ?? 15_000);
const rooms = new Map();
let seq = 0;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (req.method === "GET" && url.pathname === "/stream") {
    const room = Math.floor(Number(url.searchParams.get("user")) / 10);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform" });
    res.write("retry: 2000\n\nevent: ready\ndata: {}\n\n");
    let set = rooms.get(room);
    if (!set) rooms.set(room, (set = new Set()));
    set.add(res);
    res.on("close", () => set.delete(res));
    return;
  }
  if (req.method === "POST" && url.pathname === "/send") {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const message = { id: String(++seq), text: body.text, clientId: body.clientId, createdAt: new Date().toISOString() };
      const frame = Buffer.from(`id: ${seq}\nevent: message.created\ndata: ${JSON.stringify({ type: "message.created", message })}\n\n`);
      for (const s of rooms.get(Number(url.searchParams.get("room"))) ?? []) s.write(frame);
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ message }));
    });
    return;
  }
  if (url.pathname === "/health") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"ok"}');
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 60_000;
setInterval(() => {
  for (const set of rooms.values()) for (const s of set) s.write(": ping\n\n");
}, heartbeatMs).unref();
server.listen(port, "127.0.0.1", () => console.log(`bare-sse listening on ${server.address().port}`));
process.on("SIGTERM", () => process.exit(0));
