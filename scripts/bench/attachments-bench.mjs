#!/usr/bin/env node
// Attachment figures over real HTTP against a `next start` this script launches (embedded mode,
// temp data dir, 127.0.0.1): upload and download throughput of one 25 MB file, and the server's
// resident memory (sampled from /proc every 50 ms) while 10 people upload 25 MB each at once.
// Streaming means memory stays flat: it must not grow by anything like 10 × 25 MB.
//
//   npm run build && node scripts/bench/attachments-bench.mjs [--mb 25] [--concurrent 10] [--port 3991] [--db mongodb://…/db]
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const MB = Number(args.mb ?? 25);
const CONCURRENT = Number(args.concurrent ?? 10);
const PORT = Number(args.port ?? 3991);
const BASE = `http://127.0.0.1:${PORT}`;
const SIZE = MB * 1000 * 1000; // 25 MB, under the 25 MiB limit

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "attach-bench-"));
// --db mongodb://… measures the scale-out mode (files in GridFS); give it a FerretDB of its own.
const DB = args.db ?? `file:${path.join(dataDir, "chat.db")}`;
const MODE = DB.startsWith("mongodb") ? "scale-out mode, GridFS" : "embedded mode";
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: DB,
    DATA_DIR: dataDir,
    ...(DB.startsWith("mongodb") ? { NEXTAUTH_SECRET: randomBytes(32).toString("base64url") } : {}),
  },
  stdio: ["ignore", "ignore", "inherit"],
});
const rssMb = () => {
  // next start forks a child that serves requests: count the whole process tree.
  const pids = [server.pid, ...children(server.pid)];
  return pids.reduce((sum, pid) => {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return sum + (m ? Number(m[1]) / 1024 : 0);
  }, 0);
};
function children(pid) {
  try {
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return kids.flatMap((k) => [k, ...children(k)]);
  } catch {
    return [];
  }
}

class Person {
  cookies = new Map();
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
  async req(method, p, body, type = "application/json") {
    const res = await fetch(BASE + p, { method, headers: { cookie: this.cookie, "content-type": type, origin: BASE }, body, redirect: "manual" });
    this.jar(res);
    const text = await res.text();
    return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : text };
  }
  async signUp(name) {
    await this.req("POST", "/api/register", JSON.stringify({ username: name, password: "benchmark-password" }));
    const csrf = (await this.req("GET", "/api/auth/csrf")).body.csrfToken;
    const form = new URLSearchParams({ csrfToken: csrf, username: name, password: "benchmark-password", json: "true" });
    await this.req("POST", "/api/auth/callback/credentials", form.toString(), "application/x-www-form-urlencoded");
  }
  async upload(bytes) {
    const form = new FormData();
    form.append("file", new Blob([bytes]), "bench.bin");
    const res = await fetch(`${BASE}/api/uploads`, { method: "POST", body: form, headers: { cookie: this.cookie, origin: BASE } });
    const body = await res.json();
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
    return body.attachment;
  }
}

async function ready() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).status < 600) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not start");
}

try {
  await ready();
  const run = randomBytes(3).toString("hex");
  const people = [];
  for (let i = 0; i < CONCURRENT; i++) {
    const p = new Person();
    await p.signUp(`bench${run}${i}`);
    people.push(p);
  }
  const file = randomBytes(SIZE);
  // Warm-up (first request compiles routes, loads sharp/busboy), then the measured single transfer.
  await people[0].upload(randomBytes(1000));
  let t = performance.now();
  const one = await people[0].upload(file);
  const upMs = performance.now() - t;
  t = performance.now();
  const res = await fetch(`${BASE}/api/attachments/${one.id}`, { headers: { cookie: people[0].cookie } });
  let got = 0;
  for await (const chunk of res.body) got += chunk.length;
  const downMs = performance.now() - t;
  if (got !== SIZE) throw new Error(`downloaded ${got} of ${SIZE}`);

  const idle = rssMb();
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
  t = performance.now();
  await Promise.all(people.map((p) => p.upload(file)));
  const allMs = performance.now() - t;
  clearInterval(sampler);
  const after = rssMb();

  const mbps = (bytes, ms) => ((bytes / 1e6) / (ms / 1000)).toFixed(0);
  console.log(`attachments benchmark (${MODE}, ${os.cpus().length} cores, Node ${process.version})`);
  console.log(`  upload   1 × ${MB} MB: ${upMs.toFixed(0)} ms  (${mbps(SIZE, upMs)} MB/s)`);
  console.log(`  download 1 × ${MB} MB: ${downMs.toFixed(0)} ms  (${mbps(SIZE, downMs)} MB/s), Content-Length: ${res.headers.get("content-length") ?? "none (chunked)"}`);
  console.log(`  upload  ${CONCURRENT} × ${MB} MB at once: ${allMs.toFixed(0)} ms  (${mbps(SIZE * CONCURRENT, allMs)} MB/s in total)`);
  console.log(`  server RSS: before ${idle.toFixed(0)} MB, peak during ${peak.toFixed(0)} MB (+${(peak - idle).toFixed(0)} MB), after ${after.toFixed(0)} MB`);
  console.log(`  (buffering every upload whole would add ≥ ${CONCURRENT * MB} MB)`);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
