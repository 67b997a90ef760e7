import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, tempDir } from "./app-server";

/**
 * A FerretDB of the test's own — its own port and data directory — for tests that kill it.
 * The shared one on 27017 serves every other test and must never be disturbed. The binary is the
 * one scripts/services/ferretdb-start.sh installed (run `npm run services:start` once).
 */
export interface OwnFerretDb {
  url: string;
  port: number;
  /** kill -9, as a crash or an OOM kill would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const servicesHome = process.env.SERVICES_HOME ?? path.join(os.homedir(), ".cache/chat-services");

function binary(): string {
  const dirs = fs.existsSync(servicesHome) ? fs.readdirSync(servicesHome).filter((d) => d.startsWith("ferretdb-") && d !== "ferretdb-data" && d !== "ferretdb-state") : [];
  for (const d of dirs.sort().reverse()) {
    const bin = path.join(servicesHome, d, "bin/ferretdb");
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error(`no FerretDB binary under ${servicesHome}; install it with: npm run services:start`);
}

async function listening(port: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => (s.end(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`own FerretDB did not listen on ${port} within ${timeoutMs} ms`);
}

export async function startOwnFerretDb(): Promise<OwnFerretDb> {
  const bin = binary();
  const port = await freePort();
  const dir = tempDir("chat-ferretdb-");
  fs.mkdirSync(path.join(dir, "data"));
  fs.mkdirSync(path.join(dir, "state"));
  let child: ChildProcess | undefined;
  const exited = () => !child || child.exitCode !== null || child.signalCode !== null;
  const start = async () => {
    child = spawn(
      bin,
      [
        "--handler=sqlite",
        `--sqlite-url=file:${path.join(dir, "data")}/`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${path.join(dir, "state")}`,
        "--debug-addr=-",
        "--telemetry=disable",
        "--log-level=error",
      ],
      { stdio: "ignore" },
    );
    await listening(port);
  };
  const signal = (sig: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (exited()) return resolve();
      child!.once("exit", () => resolve());
      child!.kill(sig);
    });
  await start();
  return {
    url: `mongodb://127.0.0.1:${port}`,
    port,
    kill: () => signal("SIGKILL"),
    start,
    stop: async () => {
      await signal("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
