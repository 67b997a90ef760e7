#!/usr/bin/env node
// `npm run bench -- --scale-out`: two app instances over the MongoDB-wire server and Kafka (the
// service scripts' FerretDB on PostgreSQL and Kafka on 127.0.0.1, or MONGODB_URI / KAFKA_BROKERS),
// each reaching the database through a counting proxy (wire-counter.mjs). Prints:
//   1. database round trips per send, by command, on the sending instance and on the other one
//      (sequential sends by one person, minus what the instances do when idle in as long);
//   2. two-instance throughput and send / delivery latency (chat-bench.mjs: 16 senders on both
//      instances, listeners on both).
// Bounded (5 min hard limit), stops everything it started; a fresh database and topic per run.
//   node scripts/bench/scale-out.mjs [--no-build] [--dist=.next-bench] [--sends 100] [--messages 300]
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build, NEXT_BIN, ROOT, start, stopAll } from "./servers.mjs";
import { diffCounts, startWireCounter } from "./wire-counter.mjs";

const flag = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
const DIST = flag("dist", ".next-bench");
const SENDS = Number(flag("sends", 100));
const MESSAGES = Number(flag("messages", 300));
const MONGO = (process.env.MONGODB_URI ?? "mongodb://127.0.0.1:27017").replace(/^mongodb:\/\//, "").split("/")[0];
const KAFKA = process.env.KAFKA_BROKERS ?? "127.0.0.1:9092";
const started = Date.now();
const log = (...a) => console.log(`[scale-out ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const proxies = [];
const cleanup = async () => {
  await stopAll();
  await Promise.all(proxies.map((p) => p.close()));
};
const hardStop = setTimeout(async () => {
  console.error("scale-out bench: 5 min limit reached; stopping everything");
  await cleanup();
  process.exit(2);
}, 5 * 60_000);
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => cleanup().then(() => process.exit(130)));

/** A person signed in through one instance (a cookie jar over fetch). */
class Person {
  cookies = new Map();
  constructor(base) {
    this.base = base;
  }
  async req(method, p, body, type = "application/json") {
    const res = await fetch(this.base + p, {
      method,
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": type },
      body: body === undefined ? undefined : type === "application/json" ? JSON.stringify(body) : body,
      redirect: "manual",
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      this.cookies.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  async signUp(name) {
    const reg = await this.req("POST", "/api/register", { username: name, password: "benchmark-password" });
    if (reg.status !== 201) throw new Error(`register ${name}: ${reg.status} ${JSON.stringify(reg.body)}`);
    const { csrfToken } = (await this.req("GET", "/api/auth/csrf")).body;
    const form = new URLSearchParams({ csrfToken, username: name, password: "benchmark-password", json: "true" });
    await this.req("POST", "/api/auth/callback/credentials", form.toString(), "application/x-www-form-urlencoded");
    this.id = (await this.req("GET", "/api/auth/session")).body.user.id;
    return this;
  }
}

const perSend = (counts) =>
  [...counts]
    .filter(([, n]) => Math.abs(n) >= SENDS / 10) // less than one in ten sends: background noise
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${(n / SENDS).toFixed(2)}`)
    .join(", ") || "none";
const total = (counts) => [...counts].filter(([, n]) => Math.abs(n) >= SENDS / 10).reduce((s, [, n]) => s + n, 0) / SENDS;

try {
  if (!process.argv.includes("--no-build")) log(`building the app into ${DIST}: ${build(ROOT, DIST)} s`);
  const run = randomBytes(4).toString("hex");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "chat-bench-scale-"));
  const env = {
    NEXT_DIST_DIR: DIST,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXTAUTH_URL: "http://127.0.0.1",
    KAFKA_BROKERS: KAFKA,
    KAFKA_TOPIC: `chat-bench-${run}`,
    KAFKA_CLIENT_ID: "chat-bench",
  };
  const instances = [];
  for (const i of [1, 2]) {
    const proxy = await startWireCounter(MONGO);
    proxies.push(proxy);
    const app = await start({
      name: `app${i}`,
      args: (p) => [NEXT_BIN, "start", "-p", String(p), "-H", "127.0.0.1"],
      healthPath: "/api/health",
      probeDir: work,
      env: { ...env, DATABASE_URL: `mongodb://127.0.0.1:${proxy.port}/chat_bench_${run}`, INSTANCE_ID: `bench${i}-${run}`, DATA_DIR: path.join(work, `data${i}`) },
    });
    instances.push({ app, proxy });
  }
  const [a, b] = instances;
  log(`instances up: ${a.app.base}, ${b.app.base}; load ${os.loadavg()[0].toFixed(2)}`);

  // 1. Round trips per send: alice sends through instance 1 into a group of 10 people.
  // Accounts are made through instance 2: chat-bench below makes its 26 through instance 1, and
  // sign-ups are limited per client address and instance (30 at once).
  const alice = await new Person(b.app.base).signUp(`rt-a-${run}`);
  alice.base = a.app.base; // the same sign-in works on every instance
  const others = await Promise.all(Array.from({ length: 9 }, (_, i) => new Person(b.app.base).signUp(`rt-${i}-${run}`)));
  const group = (await alice.req("POST", "/api/conversations", { type: "group", name: "round trips", memberIds: others.map((o) => o.id) })).body.conversation;
  const send = (i) => alice.req("POST", `/api/conversations/${group.id}/messages`, { text: `round trip ${i}`, clientId: `rt${i}` });
  for (let i = 0; i < 10; i++) await send(`warm${i}`); // caches, statements, the topic's partitions
  await sleep(1000);
  const idle0 = instances.map((x) => x.proxy.counts());
  const idleStart = Date.now();
  await sleep(5000);
  const idle = instances.map((x, i) => diffCounts(idle0[i], x.proxy.counts()));
  const idleMs = Date.now() - idleStart;
  const before = instances.map((x) => x.proxy.counts());
  const t0 = Date.now();
  let non201 = 0;
  // Each send's own round trips too (from its start to the next's): the mean below includes
  // periodic work (cache refreshes, driver heartbeats) that lands on a few sends only.
  const each = [];
  const extras = new Map();
  for (let i = 0; i < SENDS; i++) {
    const at = a.proxy.counts();
    if ((await send(i)).status !== 201) non201++;
    const d = diffCounts(at, a.proxy.counts());
    each.push([...d.values()].reduce((x, y) => x + y, 0));
    if (each.at(-1) > 3) for (const [name, n] of d) extras.set(name, (extras.get(name) ?? 0) + n);
  }
  const sendMs = Date.now() - t0;
  await sleep(500); // the other instance's work for the last events
  const ms = Date.now() - t0;
  const busy = instances.map((x, i) => {
    const d = diffCounts(before[i], x.proxy.counts());
    for (const [name, n] of idle[i]) d.set(name, (d.get(name) ?? 0) - Math.round((n * ms) / idleMs)); // minus idle work
    return d;
  });
  console.log(`\nDatabase round trips per send (${SENDS} sequential sends, ${non201} non-201, ${(sendMs / SENDS).toFixed(1)} ms each; idle work subtracted)`);
  console.log(`  sending instance: ${total(busy[0]).toFixed(2)} — ${perSend(busy[0])}`);
  console.log(`  other instance:   ${total(busy[1]).toFixed(2)} — ${perSend(busy[1])}`);
  const sorted = [...each].sort((x, y) => x - y);
  const within3 = each.filter((n) => n <= 3).length;
  console.log(`  sending instance, send by send: median ${sorted[Math.floor(SENDS / 2)]}, min ${sorted[0]}, max ${sorted.at(-1)}; ${within3} of ${SENDS} sends at ≤ 3` +
    (within3 < SENDS ? ` (the others, all commands: ${[...extras].map(([n, c]) => `${n} ${c}`).join(", ")})` : ""));
  console.log(`  idle, per second: ${[...idle[0]].map(([n, c]) => `${n} ${((c * 1000) / idleMs).toFixed(1)}`).join(", ") || "none"} (instance 1)`);

  // 2. Throughput and latency over both instances.
  log(`chat-bench over both instances, ${MESSAGES} messages`);
  const bench = [path.join(ROOT, "scripts/bench/chat-bench.mjs"), "--url", a.app.base, "--url2", b.app.base, "--messages", String(MESSAGES), "--max-seconds", "150"];
  // Not spawnSync: the counting proxies live in this process's event loop.
  const child = spawn(process.execPath, bench, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const status = await new Promise((resolve) => child.on("close", resolve));
  console.log(`\n${output.trim()}${status ? `\n(chat-bench exited with ${status}: not every send or delivery succeeded)` : ""}`);
  if (status) console.log(`\ninstance 1 said:\n${a.app.log().slice(-2500)}`);
  console.log(`\nload average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
} finally {
  clearTimeout(hardStop);
  await cleanup();
}
