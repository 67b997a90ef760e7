// Issue 13 figures: server memory under a flood of distinct sign-in keys, and the limiter under
// X-Forwarded-For rotation and username padding. Runs `next start` from the current build
// (run `npx next build` first) on a temp data dir; prints figures, asserts nothing.
//   node scripts/bench/limiter-flood.mjs [requests=20000] [concurrency=16]
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const N = Number(process.argv[2] ?? 20000);
const CONC = Number(process.argv[3] ?? 16);
const port = 3900 + Math.floor(Math.random() * 90);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "limiter-flood-"));
const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${dir}/chat.db`, DATA_DIR: dir },
  stdio: "ignore",
});
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024;

function post(pathname, body, headers = {}, localAddress = "127.0.0.1") {
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathname, method: "POST", localAddress, agent: false,
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), ...headers } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

for (let i = 0; i < 100; i++) {
  try {
    await new Promise((res, rej) => http.get(`http://127.0.0.1:${port}/api/health`, (r) => { r.resume(); r.on("end", res); }).on("error", rej));
    break;
  } catch { await new Promise((r) => setTimeout(r, 200)); }
}
await new Promise((r) => setTimeout(r, 1000));
const start = rss();
console.log(`RSS at start: ${start.toFixed(0)} MB`);

// 1. The flood: distinct 60 KB usernames, no csrfToken, from 253 loopback addresses with rotating XFF.
const pad = "a".repeat(60_000);
const statuses = {};
let next = 0;
const t0 = Date.now();
await Promise.all(Array.from({ length: CONC }, async () => {
  while (next < N) {
    const i = next++;
    const s = await post("/api/auth/callback/credentials", `username=${i}${pad}&password=x`, { "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }, `127.0.0.${2 + (i % 253)}`);
    statuses[s] = (statuses[s] ?? 0) + 1;
  }
}));
console.log(`flood: ${N} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s, answers ${JSON.stringify(statuses)}; RSS ${start.toFixed(0)} → ${rss().toFixed(0)} MB`);
await new Promise((r) => setTimeout(r, 3000));
console.log(`RSS 3 s later: ${rss().toFixed(0)} MB`);

// 2. XFF rotation on one account from one socket address, then the right password.
await post("/api/register", JSON.stringify({ username: "victim", password: "correct horse battery" }), { "content-type": "application/json" }, "127.0.1.1");
const rot = [];
for (let i = 0; i < 30; i++) rot.push(await post("/api/auth/callback/credentials", `username=victim&password=wrong${i}&json=true`, { "x-forwarded-for": `198.51.100.${i}` }, "127.0.1.2"));
console.log(`XFF rotation, 30 wrong passwords: ${rot.filter((s) => s === 429).length} × 429 (first at attempt ${rot.indexOf(429) + 1}), ${rot.filter((s) => s !== 429).length} answered`);

// 3. Padding: " victim", "\tvictim\n", "VICTIM"… from another address.
const variants = [" victim", "  victim", "\tvictim\n", "VICTIM", "victim ", " Victim "];
const padded = [];
for (let i = 0; i < 30; i++) padded.push(await post("/api/auth/callback/credentials", new URLSearchParams({ username: variants[i % variants.length], password: `wrong${i}`, json: "true" }).toString(), {}, "127.0.1.3"));
console.log(`padding variants, 30 wrong passwords: ${padded.filter((s) => s === 429).length} × 429 (first at attempt ${padded.indexOf(429) + 1})`);

child.kill("SIGTERM");
fs.rmSync(dir, { recursive: true, force: true });
