#!/usr/bin/env node
// What holding many live connections costs outside `next start`: the pusher mode's Sockudo, on
// 127.0.0.1, with N WebSocket clients each subscribed to its own private channel (as each
// browser subscribes to private-user-<id>). Prints Sockudo's RSS per connection (VmRSS before
// and after) and how long a trigger takes to reach a room of 10 subscribers. Figures only.
//
//   node scripts/bench/pusher-connections.mjs [connections=10000]
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Pusher from "pusher";
import WebSocket from "ws";
import { freePort } from "./servers.mjs";

const N = Number(process.argv[2] ?? 10_000);
const BIN = path.join(process.env.SERVICES_HOME ?? path.join(os.homedir(), ".cache/chat-services"), "sockudo-5.2.0/bin/sockudo");
if (!fs.existsSync(BIN)) throw new Error(`no Sockudo at ${BIN}: npm run services:start installs it`);
const port = await freePort();
const [appId, key, secret] = ["bench", "bench-key", crypto.randomBytes(16).toString("hex")];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sockudo-bench-"));
const child = spawn(BIN, [], {
  cwd: dir,
  stdio: ["ignore", fs.openSync(path.join(dir, "sockudo.log"), "w"), fs.openSync(path.join(dir, "sockudo.log"), "a")],
  env: {
    PATH: process.env.PATH,
    HOST: "127.0.0.1",
    PORT: String(port),
    METRICS_ENABLED: "false",
    RATE_LIMITER_API_MAX_REQUESTS: "5000",
    RATE_LIMITER_API_WINDOW_SECONDS: "1",
    // Every client of this bench comes from 127.0.0.1 (the scripts' own limit is 600 a minute).
    RATE_LIMITER_WS_MAX_REQUESTS: String(N * 2),
    RATE_LIMITER_WS_WINDOW_SECONDS: "60",
    SOCKUDO_DEFAULT_APP_ID: appId,
    SOCKUDO_DEFAULT_APP_KEY: key,
    SOCKUDO_DEFAULT_APP_SECRET: secret,
    SOCKUDO_DEFAULT_APP_ENABLED: "true",
    SOCKUDO_DEFAULT_APP_MAX_CONNECTIONS: String(N * 2),
  },
});
const stop = () => child.kill("SIGKILL");
process.on("exit", stop);
const hardStop = setTimeout(() => (console.error("15 min limit"), process.exit(2)), 15 * 60_000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]);

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/up/${appId}`)).ok) break;
  } catch {
    /* starting */
  }
  if (i > 100) throw new Error("Sockudo did not start");
  await sleep(200);
}
await sleep(1000);
const before = rssKiB();

const received = new Map(); // event id -> [times]
const sockets = [];
const failures = [];
function connect(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${key}?protocol=7&client=bench&version=8.4.0`);
    const channel = `private-user-${i}`;
    ws.on("message", (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.event === "pusher:connection_established") {
        const socketId = JSON.parse(msg.data).socket_id;
        const auth = `${key}:${crypto.createHmac("sha256", secret).update(`${socketId}:${channel}`).digest("hex")}`;
        ws.send(JSON.stringify({ event: "pusher:subscribe", data: { channel, auth } }));
      } else if (msg.event === "pusher_internal:subscription_succeeded") {
        resolve(ws);
      } else if (msg.event === "message.created") {
        const { id, sentAt } = JSON.parse(msg.data);
        received.get(id)?.push(performance.now() - sentAt);
      }
    });
    ws.on("error", reject);
  });
}
const t0 = performance.now();
for (let i = 0; i < N; i += 200) {
  const batch = await Promise.allSettled(Array.from({ length: Math.min(200, N - i) }, (_, k) => connect(i + k)));
  for (const r of batch) if (r.status === "fulfilled") sockets.push(r.value); else failures.push(String(r.reason));
}
const openS = (performance.now() - t0) / 1000;
await sleep(5000);
const after = rssKiB();

// A trigger to a room of 10 (ten private channels in one API call, as the app sends a message).
const pusher = new Pusher({ appId, key, secret, host: "127.0.0.1", port: String(port), useTLS: false });
const lat = [];
for (let n = 0; n < 40; n++) {
  const room = Array.from({ length: 10 }, (_, k) => `private-user-${((n * 10 + k) * 7919) % N}`);
  const id = `m${n}`;
  received.set(id, []);
  const sentAt = performance.now();
  await pusher.trigger(room, "message.created", { id, sentAt });
  for (let w = 0; w < 100 && received.get(id).length < 10; w++) await sleep(5);
  lat.push(...received.get(id));
  await sleep(100);
}
lat.sort((a, b) => a - b);
const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(1) : "—");
console.log(
  `Sockudo 5.2.0, ${sockets.length}/${N} connections subscribed in ${openS.toFixed(1)} s (load ${os.loadavg()[0].toFixed(1)}): ` +
    `RSS ${(before / 1024).toFixed(1)} → ${(after / 1024).toFixed(1)} MiB, ${((after - before) / sockets.length).toFixed(1)} KiB per connection; ` +
    `trigger → 10 subscribers: ${lat.length}/400 received, p50 ${q(0.5)} / p99 ${q(0.99)} ms`,
);
for (const ws of sockets) ws.terminate();
clearTimeout(hardStop);
stop();
if (failures.length) console.log("failures:", failures.length, failures[0], fs.readFileSync(path.join(dir, "sockudo.log"), "utf8").split("\n").filter((l) => /WARN|ERROR|limit/i.test(l)).slice(0, 5).join("\n"));
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
