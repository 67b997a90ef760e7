#!/usr/bin/env node
// Sends/s at saturation of two builds of the app and of the trivial Next app's two POST routes,
// interleaved: all servers run at once and take turns (16 keep-alive clients, `seconds` each, for
// `rounds` rounds), so a shared machine's changing load falls on every side alike. Figures only.
//
//   node scripts/bench/send-ab.mjs --a=.next-before --b=.next [--rounds=4] [--seconds=5] [--op=edit]
// --op=edit: the apps' side is PATCH /api/messages/:id (each person edits a message of theirs).
// Needs both app builds (NEXT_DIST_DIR) and the trivial app's build (npm run bench builds it).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closedLoop, percentile, request } from "./load.mjs";
import { mintCookies, seedSqlite } from "./seed.mjs";
import { NEXT_BIN, ROOT, start, stopAll } from "./servers.mjs";

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const A = arg("a", ".next-before");
const B = arg("b", ".next");
const ROUNDS = Number(arg("rounds", 4));
const SECONDS = Number(arg("seconds", 5));
const OP = arg("op", "send");
const secret = "bench-secret-" + "x".repeat(32);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "chat-send-ab-"));
const probeDir = path.join(work, "probe");
fs.mkdirSync(probeDir);
const uptime = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");

async function app(dist) {
  const dataDir = path.join(work, dist.replace(/\W/g, "_"));
  const server = await start({
    name: dist,
    probeDir,
    args: (p) => [NEXT_BIN, "start", "-p", String(p), "-H", "127.0.0.1"],
    healthPath: "/api/health",
    env: { NEXT_DIST_DIR: dist, DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "chat.db")}`, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: "http://127.0.0.1" },
  });
  const people = seedSqlite(path.join(dataDir, "chat.db"), { count: 200, roomSize: 10 });
  await mintCookies(people, secret);
  if (OP === "edit") {
    for (const p of people) {
      const r = await request(server.base, "POST", `/api/conversations/${p.conversationId}/messages`, { headers: { cookie: p.cookie }, body: { text: "to edit" } });
      p.messageId = JSON.parse(r.body).message.id;
    }
    return (n) => {
      const p = people[n % people.length];
      return { base: server.base, method: "PATCH", path: `/api/messages/${p.messageId}`, headers: { cookie: p.cookie }, body: { text: `edit ${n}` }, expect: 200 };
    };
  }
  return (n) => {
    const p = people[n % people.length];
    return { base: server.base, method: "POST", path: `/api/conversations/${p.conversationId}/messages`, headers: { cookie: p.cookie }, body: { text: "x", clientId: `s${n}` }, expect: 201 };
  };
}

try {
  console.log(`load at start: ${uptime()}`);
  const trivial = await start({ name: "trivial", probeDir, cwd: path.join(ROOT, "scripts/bench/trivial-next"), args: (p) => [NEXT_BIN, "start", "-p", String(p), "-H", "127.0.0.1"], healthPath: "/api/ping" });
  const sides = {
    [`app ${A}`]: await app(A),
    [`app ${B}`]: await app(B),
    "trivial App Router POST": (n) => ({ base: trivial.base, method: "POST", path: "/api/send", body: { text: "x", clientId: `s${n}` }, expect: 201 }),
    "trivial Pages Router POST": (n) => ({ base: trivial.base, method: "POST", path: "/api/send-node", body: { text: "x", clientId: `s${n}` }, expect: 201 }),
  };
  let n = 0; // one counter for every request: each send has a clientId of its own (no retries seen as 200)
  for (const make of Object.values(sides)) await closedLoop({ clients: 16, seconds: 1, make: () => make(n++) }); // warm-up
  const rps = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    const line = [];
    for (const [name, make] of Object.entries(sides)) {
      const r = await closedLoop({ clients: 16, seconds: SECONDS, make: () => make(n++) });
      rps[name].push(r.rps);
      line.push(`${name} ${r.rps.toFixed(0)}/s${r.okShare < 1 ? ` (${(r.okShare * 100).toFixed(1)} % ok)` : ""}`);
    }
    console.log(`round ${round}, ${OP} (load ${uptime()}): ${line.join(", ")}`);
  }
  const med = (xs) => percentile(xs, 50);
  console.log("\nmedian sends/s over the rounds:");
  for (const [name, xs] of Object.entries(rps)) console.log(`  ${name}: ${med(xs).toFixed(0)} (${xs.map((x) => x.toFixed(0)).join(", ")})`);
  const t = med(rps["trivial App Router POST"]);
  console.log(`  ratio to the trivial App Router POST: ${A} ${(med(rps[`app ${A}`]) / t).toFixed(2)}, ${B} ${(med(rps[`app ${B}`]) / t).toFixed(2)} (goal 1: ≥ 0.8)`);
  console.log(`  per round, ${B} / ${A}: ${rps[`app ${B}`].map((x, i) => (x / rps[`app ${A}`][i]).toFixed(2)).join(", ")}`);
  console.log(`load at end: ${uptime()}`);
} finally {
  await stopAll();
  fs.rmSync(work, { recursive: true, force: true });
}
