#!/usr/bin/env node
// `npm run bench`: one run, three servers on free 127.0.0.1 ports — a bare Node SSE broadcaster,
// a trivial Next.js app (same Next install) and this app with a fresh data dir — driven by the
// same load generator (load.mjs), one table with ratios at the end. Figures, never assertions.
//
//   npm run bench [-- --quick] [-- --no-build] [-- --send-only] [-- --dist=.next-other] [-- --scale-out]
// --quick: small counts, to check the script itself. --no-build: reuse the last builds.
// --send-only: the send figures only (trivial and app: 16-client POST, 2,000 streams at 200/s and
// the rate climb), for before/after runs back to back. --dist: the app's build folder (default
// .next-bench), e.g. a build of the previous commit kept for an A/B run with --no-build.
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closedLoop, sendAtRate, sleep, StreamPool } from "./load.mjs";
import { mintCookies, seedSqlite } from "./seed.mjs";
import { build, NEXT_BIN, ROOT, rssAfterGc, start, stopAll } from "./servers.mjs";
import { printReport } from "./report.mjs";

// --scale-out: the two-instance workload over FerretDB + Kafka instead, with database round trips
// per send (scale-out.mjs; it takes --no-build and --dist too).
if (process.argv.includes("--scale-out")) {
  await import("./scale-out.mjs");
  process.exit(0);
}

const argv = new Set(process.argv.slice(2));
const QUICK = argv.has("--quick");
const SEND_ONLY = argv.has("--send-only");
const DIST = process.argv.find((a) => a.startsWith("--dist="))?.slice(7) || ".next-bench";
const N_MANY = QUICK ? 1000 : 10_000;
const N_BUSY = QUICK ? 200 : 2000;
const ROOM = 10;
const IDLE_S = QUICK ? 8 : 30;
const HEARTBEAT_MS = 5000;
// Each side gets this much of the same load before it is measured: the figures are steady state,
// not the first seconds of the JIT (without it the heavier app lost ~35 % against warm trivial
// routes; the send profile always warmed up).
const WARM_S = QUICK ? 1 : 3;
const HARD_LIMIT_MS = 15 * 60_000;

const started = Date.now();
const hardStop = setTimeout(async () => {
  console.error("bench: 15 min limit reached; stopping everything");
  await stopAll();
  process.exit(2);
}, HARD_LIMIT_MS);
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => stopAll().then(() => process.exit(130)));

const work = fs.mkdtempSync(path.join(os.tmpdir(), "chat-bench-"));
const probeDir = path.join(work, "probe");
fs.mkdirSync(probeDir);
const log = (...a) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s]`, ...a);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
const results = { loadStart: execSync("uptime").toString().trim(), quick: QUICK, sendOnly: SEND_ONLY, dist: DIST, nMany: N_MANY, nBusy: N_BUSY };

try {
  const trivialDir = path.join(ROOT, "scripts/bench/trivial-next");
  if (!argv.has("--no-build")) {
    log(`building the trivial Next app: ${build(trivialDir, ".next")} s`);
    log(`building the app into ${DIST}: ${build(ROOT, DIST)} s`);
  }
  const secret = "bench-secret-" + "x".repeat(32);
  const dataDir = path.join(work, "app-data");
  const common = { probeDir, env: { SSE_HEARTBEAT_MS: String(HEARTBEAT_MS) } };
  const bare = await start({ ...common, name: "bare", args: () => [path.join(ROOT, "scripts/bench/bare-sse.mjs")], healthPath: "/health" });
  const trivial = await start({ ...common, name: "trivial", cwd: trivialDir, args: (p) => [NEXT_BIN, "start", "-p", String(p), "-H", "127.0.0.1"], healthPath: "/api/ping" });
  const app = await start({
    ...common,
    name: "app",
    args: (p) => [NEXT_BIN, "start", "-p", String(p), "-H", "127.0.0.1"],
    healthPath: "/api/health",
    env: {
      ...common.env,
      NEXT_DIST_DIR: DIST,
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "chat.db")}`,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: "http://127.0.0.1",
    },
  });
  log(`servers up: bare ${bare.base}, trivial ${trivial.base}, app ${app.base} (load ${load()})`);

  const people = seedSqlite(path.join(dataDir, "chat.db"), { count: N_MANY, roomSize: ROOM });
  await mintCookies(people, secret);
  log(`seeded ${people.length} people in rooms of ${ROOM}`);

  const sides = {
    bare: { s: bare, stream: (p) => ({ base: bare.base, path: `/stream?user=${p.i}` }), send: (p) => ({ base: bare.base, path: `/send?room=${p.room}` }) },
    // Streams only (idle phase): what Next itself keeps per open request; it has no rooms to send to.
    trivial: { s: trivial, stream: () => ({ base: trivial.base, path: "/api/stream-node" }), streamsOnly: true },
    app: {
      s: app,
      stream: (p) => ({ base: app.base, path: "/api/stream", headers: { cookie: p.cookie, "accept-encoding": "gzip" } }),
      send: (p) => ({ base: app.base, path: `/api/conversations/${p.conversationId}/messages`, headers: { cookie: p.cookie } }),
    },
  };

  // 1. Request rates with 16 keep-alive clients: a cheap GET, and a send (no streams open).
  const gets = { bare: [bare, "/health"], trivial: [trivial, "/api/ping"], app: [app, "/api/health"] };
  results.get = {};
  results.post = {};
  for (const [name, [srv, p]] of Object.entries(SEND_ONLY ? {} : gets)) {
    const make = () => ({ base: srv.base, method: "GET", path: p, expect: 200 });
    await closedLoop({ clients: 16, seconds: WARM_S, make }); // warm-up: steady state, not the JIT's first seconds
    results.get[name] = await closedLoop({ clients: 16, seconds: 5, make });
    log(`GET ${name}: ${results.get[name].rps.toFixed(0)}/s`);
  }
  const posts = {
    bare: (n) => ({ ...sides.bare.send(people[n % N_BUSY]), body: { text: "x", clientId: `s${n}` } }),
    trivial: (n) => ({ base: trivial.base, path: "/api/send", body: { text: "x", clientId: `s${n}` } }),
    // The same trivial write as a Pages Router API route on Node's req/res (what the app's send is).
    trivialPages: (n) => ({ base: trivial.base, path: "/api/send-node", body: { text: "x", clientId: `s${n}` } }),
    // …and with a path parameter, as the app's send route has (Next matches and parses it per request).
    trivialPagesDynamic: (n) => ({ base: trivial.base, path: `/api/rooms/${people[n % N_BUSY].conversationId}/send-node`, body: { text: "x", clientId: `s${n}` } }),
    app: (n) => ({ ...sides.app.send(people[n % N_BUSY]), body: { text: "x", clientId: `s${n}` } }),
  };
  if (SEND_ONLY) delete posts.bare;
  for (const [name, make] of Object.entries(posts)) {
    await closedLoop({ clients: 16, seconds: WARM_S, make: (n) => ({ ...make(n + 5_000_000), method: "POST", expect: 201 }) });
    results.post[name] = await closedLoop({ clients: 16, seconds: 5, make: (n) => ({ ...make(n), method: "POST", expect: 201 }) });
    log(`POST ${name}: ${results.post[name].rps.toFixed(0)}/s, ${(results.post[name].okShare * 100).toFixed(1)} % 201`);
  }

  // 2. Busy: N_BUSY streams in rooms of 10, 200 sends/s; then the highest rate keeping p99 ≤ 100 ms.
  results.busy = {};
  results.ramp = {};
  for (const [name, side] of Object.entries(sides).filter(([n, side]) => !side.streamsOnly && (!SEND_ONLY || n === "app"))) {
    const pool = new StreamPool();
    const openS = await pool.openMany(N_BUSY, (i) => side.stream(people[i]));
    log(`${name}: ${pool.ready}/${N_BUSY} streams ready in ${openS.toFixed(1)} s`);
    const make = (n) => side.send(people[(n * 7919) % N_BUSY]);
    results.busy[name] = await sendAtRate(pool, { rate: 200, seconds: QUICK ? 4 : 10, make, recipients: ROOM });
    log(`${name} @200/s:`, fmtRun(results.busy[name]));
    // From a passing base rate, climb until a rate fails; from a failing one, step down until one
    // passes (each after a pause, so the failed rate's backlog is gone).
    const climbing = passes(results.busy[name]);
    let best = climbing ? results.busy[name] : null;
    for (const rate of climbing ? [300, 400, 600, 800, 1000, 1300, 1600, 2000, 2500, 3000] : [150, 100, 75, 50, 25]) {
      if (!climbing) await sleep(3000);
      const r = await sendAtRate(pool, { rate, seconds: climbing ? 4 : 10, make, recipients: ROOM });
      log(`${name} @${rate}/s:`, fmtRun(r));
      if (climbing) {
        if (!passes(r)) break;
        best = r;
      } else if (passes(r)) {
        best = r;
        break;
      }
    }
    results.ramp[name] = best;
    pool.close();
    await sleep(2000);
  }

  // 3. Many idle streams: memory per stream, event-loop delay while they idle, a send to one room.
  results.many = {};
  for (const [name, side] of Object.entries(SEND_ONLY ? {} : sides)) {
    const before = await rssAfterGc(side.s);
    const pool = new StreamPool();
    const openS = await pool.openMany(N_MANY, (i) => side.stream(people[i]));
    log(`${name}: ${pool.ready}/${N_MANY} streams ready in ${openS.toFixed(1)} s (load ${load()})`);
    await sleep(3000);
    const after = await rssAfterGc(side.s);
    const idleFrom = Date.now();
    await sleep(IDLE_S * 1000);
    const idle = side.s.probe(idleFrom, Date.now());
    const make = (n) => side.send(people[(n * 7919) % N_MANY]);
    const send = side.streamsOnly ? null : await sendAtRate(pool, { rate: 5, seconds: 4, make, recipients: ROOM });
    results.many[name] = {
      ready: pool.ready,
      openS,
      kibPerStream: (after - before) / 1024 / pool.ready,
      eldP99: Math.max(...idle.map((l) => l.eldP99)),
      eldMax: Math.max(...idle.map((l) => l.eldMax)),
      timeline: idle.map((l) => l.eldMax),
      send,
    };
    log(`${name} idle:`, JSON.stringify({ ...results.many[name], timeline: undefined, send: send && fmtRun(send) }));
    pool.close();
    await sleep(2000);
  }
  results.loadEnd = execSync("uptime").toString().trim();
  results.seconds = (Date.now() - started) / 1000;
  printReport(results);
} finally {
  clearTimeout(hardStop);
  await stopAll();
  fs.rmSync(work, { recursive: true, force: true });
}

function passes(r) {
  return r.accepted === r.sent && r.delivered === r.expected && r.p99 <= 100;
}
function fmtRun(r) {
  return `${r.accepted}/${r.sent} accepted${r.accepted < r.sent ? ` (others: ${JSON.stringify(r.refused)})` : ""}, ${r.delivered}/${r.expected} delivered, p50 ${r.p50.toFixed(1)} / p99 ${r.p99.toFixed(1)} ms (achieved ${r.achievedRate.toFixed(0)}/s)`;
}
