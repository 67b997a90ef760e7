#!/usr/bin/env node
// Load figures for the chat over real HTTP: send latency and throughput, and live delivery latency
// (request start → event read from another person's SSE stream). Bounded in count and time; it
// only talks to the URLs given (127.0.0.1 by default).
//
//   node scripts/bench/chat-bench.mjs [--url http://127.0.0.1:3000] [--url2 …] [--messages 2000]
//                                      [--concurrency 16] [--listeners 10]
// With --url2, half the sends go through the second instance and half the listeners listen there.
import { randomBytes } from "node:crypto";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const URL1 = args.url ?? "http://127.0.0.1:3000";
const URL2 = args.url2 ?? URL1;
const MESSAGES = Number(args.messages ?? 2000);
const CONCURRENCY = Number(args.concurrency ?? 16);
const LISTENERS = Number(args.listeners ?? 10);
const DEADLINE = Date.now() + Number(args["max-seconds"] ?? 300) * 1000;
const run = randomBytes(3).toString("hex");

class Person {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
  }
  jar(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  async req(method, path, body, base = this.base, type = "application/json") {
    const res = await fetch(base + path, {
      method,
      headers: { cookie: this.cookie, "content-type": type },
      body: body === undefined ? undefined : type === "application/json" ? JSON.stringify(body) : body,
      redirect: "manual",
    });
    this.jar(res);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  async signUp(name) {
    const reg = await this.req("POST", "/api/register", { username: name, password: "benchmark-password" });
    if (reg.status !== 201) throw new Error(`register ${name}: ${reg.status} ${JSON.stringify(reg.body)}`);
    const csrf = (await this.req("GET", "/api/auth/csrf")).body.csrfToken;
    const form = new URLSearchParams({ csrfToken: csrf, username: name, password: "benchmark-password", json: "true" });
    await this.req("POST", "/api/auth/callback/credentials", form.toString(), this.base, "application/x-www-form-urlencoded");
    this.id = (await this.req("GET", "/api/auth/session")).body.user.id;
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const fmt = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1)} ms · p95 ${percentile(s, 95).toFixed(1)} ms · p99 ${percentile(s, 99).toFixed(1)} ms · max ${s.at(-1).toFixed(1)} ms`;
};

async function listen(person, base, onMessage) {
  const ctrl = new AbortController();
  const res = await fetch(base + "/api/stream", { headers: { cookie: person.cookie }, signal: ctrl.signal });
  const decoder = new TextDecoder();
  let buf = "";
  let ready;
  const readyP = new Promise((r) => (ready = r));
  (async () => {
    try {
      for await (const chunk of res.body) {
        buf += decoder.decode(chunk, { stream: true });
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = frame.match(/^event: (.*)$/m)?.[1];
          if (ev === "ready") ready();
          if (ev === "message.created") onMessage(JSON.parse(frame.match(/^data: (.*)$/m)[1]).message, performance.now());
        }
      }
    } catch {
      /* aborted */
    }
  })();
  await readyP;
  return () => ctrl.abort();
}

// One sender per concurrent slot: many people talking, each within the per-user write limit.
const senders = [];
for (let i = 0; i < CONCURRENCY; i++) {
  const p = new Person(URL1);
  await p.signUp(`bench-s${i}-${run}`);
  senders.push(p);
}
const sender = senders[0];
const listeners = [];
for (let i = 0; i < LISTENERS; i++) {
  const p = new Person(URL1);
  await p.signUp(`bench-l${i}-${run}`);
  listeners.push(p);
}
const group = (await sender.req("POST", "/api/conversations", { type: "group", name: "bench", memberIds: [...senders, ...listeners].map((l) => l.id) })).body
  .conversation;

const sentAt = new Map();
const delivery = [];
let delivered = 0;
const closers = [];
for (const [i, l] of listeners.entries()) {
  closers.push(
    await listen(l, i % 2 ? URL2 : URL1, (m, t) => {
      const start = sentAt.get(m.clientId);
      if (start !== undefined) {
        delivery.push(t - start);
        delivered++;
      }
    }),
  );
}

const sendLatency = [];
let next = 0;
let failed = 0;
const t0 = performance.now();
await Promise.all(
  senders.map(async (sender) => {
    while (next < MESSAGES && Date.now() < DEADLINE) {
      const i = next++;
      const clientId = `b${i}`;
      const start = performance.now();
      sentAt.set(clientId, start);
      const res = await sender.req("POST", `/api/conversations/${group.id}/messages`, { text: `bench ${i}`, clientId }, i % 2 ? URL2 : URL1);
      sendLatency.push(performance.now() - start);
      if (res.status !== 201) failed++;
    }
  }),
);
const elapsed = (performance.now() - t0) / 1000;
const expected = sendLatency.length * LISTENERS;
const waitUntil = Date.now() + 30_000;
while (delivered < expected && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
closers.forEach((c) => c());

console.log(`chat-bench  ${URL1}${URL2 !== URL1 ? ` + ${URL2}` : ""}`);
console.log(`sends       ${sendLatency.length} messages, concurrency ${CONCURRENCY}, ${failed} non-201`);
console.log(`throughput  ${(sendLatency.length / elapsed).toFixed(0)} messages/s (${elapsed.toFixed(2)} s)`);
console.log(`send        ${fmt(sendLatency)}`);
console.log(`delivery    ${delivered}/${expected} events to ${LISTENERS} listeners · ${fmt(delivery)}`);
process.exit(delivered === expected && failed === 0 ? 0 : 1);
