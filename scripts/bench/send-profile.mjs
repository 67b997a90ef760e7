#!/usr/bin/env node
// Where a send's server time goes: starts the app (existing build, NEXT_DIST_DIR or .next) with
// --cpu-prof, drives POST …/messages from 16 keep-alive clients, stops it, and prints the top
// self-time functions and the time per package. Figures only.
//
//   node scripts/bench/send-profile.mjs [seconds] [streams] [rate]
// streams: that many people hold a live stream (rooms of 10) while the sends run, so the profile
// includes the fan-out of each send to its room's streams. rate: sends per second at a fixed
// rate (open loop, as the bench's busy phase) instead of 16 clients sending as fast as they can;
// the longest event-loop tasks of the window are then listed with what they spent their time on.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closedLoop, sendAtRate, sleep, StreamPool } from "./load.mjs";
import { mintCookies, seedSqlite } from "./seed.mjs";
import { NEXT_BIN, start, stop, stopAll } from "./servers.mjs";

const SECONDS = Number(process.argv[2] ?? 10);
let tailMs = 200;
const STREAMS = Number(process.argv[3] ?? 0);
const RATE = Number(process.argv[4] ?? 0);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "chat-send-prof-"));
const probeDir = path.join(work, "probe");
const profDir = path.join(work, "prof");
fs.mkdirSync(probeDir);
const dataDir = path.join(work, "data");
const secret = "bench-secret-" + "x".repeat(32);
try {
  const app = await start({
    name: "app",
    probeDir,
    args: (p) => ["--cpu-prof", `--cpu-prof-dir=${profDir}`, NEXT_BIN, "start", "-p", String(p), "-H", "127.0.0.1"],
    healthPath: "/api/health",
    env: {
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "chat.db")}`,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: "http://127.0.0.1",
    },
  });
  const people = seedSqlite(path.join(dataDir, "chat.db"), { count: Number(process.env.SEED_PEOPLE ?? Math.max(200, STREAMS)), roomSize: 10 });
  await mintCookies(people, secret);
  const pool = new StreamPool();
  if (STREAMS > 0) {
    const s = await pool.openMany(STREAMS, (i) => ({ base: app.base, path: "/api/stream", headers: { cookie: people[i].cookie } }));
    console.log(`${pool.ready}/${STREAMS} streams ready in ${s.toFixed(1)} s`);
  }
  const send = (n) => {
    const p = people[n % people.length];
    return {
      base: app.base,
      method: "POST",
      path: `/api/conversations/${p.conversationId}/messages`,
      headers: { cookie: p.cookie },
      body: { text: "x", clientId: `s${n}` },
      expect: 201,
    };
  };
  await closedLoop({ clients: 16, seconds: 2, make: send }); // warm-up
  if (RATE > 0) {
    await sleep(2000);
    const r = await sendAtRate(pool, { rate: RATE, seconds: SECONDS, make: (n) => send(n + 1_000_000), recipients: STREAMS > 0 ? 10 : 0 });
    console.log(`${RATE} sends/s: ${r.accepted}/${r.sent} accepted, ${r.delivered}/${r.expected} delivered, p50 ${r.p50.toFixed(1)} / p99 ${r.p99.toFixed(1)} ms`);
  } else {
    const r = await closedLoop({ clients: 16, seconds: SECONDS, make: (n) => send(n + 1_000_000) });
    console.log(`sends: ${r.rps.toFixed(0)}/s, ${(r.okShare * 100).toFixed(1)} % 201, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`);
  }
  // The window ends here: what follows (closing the streams, stopping) is cut off the profile.
  const measuredEnd = performance.now();
  pool.close();
  await stop(app);
  tailMs = performance.now() - measuredEnd;
} finally {
  await stopAll();
}

const file = fs.readdirSync(profDir).map((f) => path.join(profDir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
// Only the measured window: the last SECONDS before shutdown, not start-up and warm-up.
const at = [];
let t = prof.startTime;
for (let i = 0; i < prof.samples.length; i++) at.push((t += dt[i] ?? 0));
const windowEnd = prof.endTime - tailMs * 1e3;
const windowStart = windowEnd - SECONDS * 1e6;
const inWindow = (i) => at[i] >= windowStart && at[i] <= windowEnd;
for (let i = 0; i < prof.samples.length; i++) {
  if (inWindow(i)) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (n) => {
  const u = n.callFrame.url;
  const m = u.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (u.includes(".next/server") || u.includes(".next-bench/server")) return "app bundle";
  if (u.startsWith("node:")) return "node core";
  return u ? "other" : n.callFrame.functionName || "(vm)";
};
const fn = new Map();
const pkg = new Map();
for (const [id, t] of self) {
  const n = byId.get(id);
  const key = `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber}`;
  fn.set(key.slice(0, 120), (fn.get(key.slice(0, 120)) ?? 0) + t);
  const p = where(n).slice(0, 80);
  pkg.set(p, (pkg.get(p) ?? 0) + t);
}
const pct = (t) => ((t / total) * 100).toFixed(1).padStart(5) + " %";
console.log("\nself time by package:");
for (const [k, v] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(pct(v), k);
console.log("\ntop self-time functions:");
for (const [k, v] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(pct(v), k);
// Inclusive time of chosen frames (a frame counted once per sample even when recursive).
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, v] of self) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur);
    const key = `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").slice(-1)[0]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + v);
  }
}
console.log("\ntop inclusive frames:");
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(pct(v), k);
console.log(`\nprofile: ${file}`);

// Long tasks: stretches with no idle sample (the event loop never waited), ≥ 50 ms, and where
// their time went — what an event-loop stall (and a send's p99) is made of.
const isIdle = (id) => byId.get(id).callFrame.functionName === "(idle)";
const tasks = [];
let run = null;
for (let i = 0; i < prof.samples.length; i++) {
  if (!inWindow(i) || isIdle(prof.samples[i])) {
    if (run) tasks.push(run);
    run = null;
    continue;
  }
  run ??= { ms: 0, samples: [] };
  run.ms += (dt[i] ?? 0) / 1000;
  run.samples.push(i);
}
if (run) tasks.push(run);
const long = tasks.filter((t) => t.ms >= 50).sort((a, b) => b.ms - a.ms);
const busy = tasks.reduce((a, t) => a + t.ms, 0);
console.log(`\nlong tasks (≥ 50 ms without an idle sample): ${long.length}, ${long.reduce((a, t) => a + t.ms, 0).toFixed(0)} of ${busy.toFixed(0)} busy ms; longest ${long.slice(0, 10).map((t) => t.ms.toFixed(0)).join(", ")} ms`);
if (long.length) {
  const inLong = new Map();
  let longTotal = 0;
  for (const t of long) {
    for (const i of t.samples) {
      const v = dt[i] ?? 0;
      longTotal += v;
      const seen = new Set();
      for (let cur = prof.samples[i]; cur !== undefined; cur = parent.get(cur)) {
        const n = byId.get(cur);
        const key = `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").slice(-1)[0]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        inLong.set(key, (inLong.get(key) ?? 0) + v);
      }
    }
  }
  console.log("inside the long tasks, top inclusive frames:");
  for (const [k, v] of [...inLong].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(((v / longTotal) * 100).toFixed(1).padStart(5) + " %", k);
}
