// Starts and stops the benchmarked servers: each on a free 127.0.0.1 port, with the probe
// preloaded, its output kept for post-mortems. Everything started here is stopped by stopAll().
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
const PROBE = path.join(ROOT, "scripts/bench/probe.mjs");
const children = new Set();

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** `next build`; tsconfig.json is put back afterwards (Next adds the dist dir's types to it). */
export function build(dir, distDir) {
  const t = Date.now();
  const tsconfig = path.join(dir, "tsconfig.json");
  const saved = fs.existsSync(tsconfig) ? fs.readFileSync(tsconfig) : null;
  try {
    execFileSync(process.execPath, [NEXT_BIN, "build"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: distDir },
    });
  } finally {
    if (saved) fs.writeFileSync(tsconfig, saved);
  }
  return (Date.now() - t) / 1000;
}

/** Starts `node <args>` and waits until `healthPath` answers 200. */
export async function start({ name, args, cwd = ROOT, env = {}, healthPath, probeDir }) {
  const port = await freePort();
  const child = spawn(process.execPath, args(port), {
    cwd,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      NODE_OPTIONS: `--import ${pathToFileURL(PROBE).href} --expose-gc`,
      BENCH_PROBE_DIR: probeDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let log = "";
  child.stdout.on("data", (b) => (log += b));
  child.stderr.on("data", (b) => (log += b));
  child.on("exit", () => children.delete(child));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited early:\n${log}`);
    try {
      if ((await fetch(base + healthPath)).status === 200) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${name} not ready after 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name, base, port, child, log: () => log, probe: (from, to) => readProbe(probeDir, child.pid, from, to) };
}

/** Probe lines of one server between two times (ms since epoch). */
export function readProbe(dir, pid, from = 0, to = Infinity) {
  const file = path.join(dir, `${pid}.jsonl`);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((l) => l.t >= from && l.t <= to);
}

/** RSS after a forced full GC (the probe writes a line on SIGUSR2). */
export async function rssAfterGc(server) {
  const before = Date.now();
  server.child.kill("SIGUSR2");
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const line = server.probe(before).find((l) => l.gc);
    if (line) return line.rss;
  }
  return NaN;
}

export async function stop(server) {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 8_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function stopAll() {
  await Promise.all([...children].map((child) => stop({ child })));
}
