import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

export interface AppOptions {
  /** Data directory (SQLite file + generated secret); a fresh temp dir by default. */
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
  name?: string;
}

export interface AppHandle {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Everything the server printed, for assertions and post-mortems. */
  output(): string;
  /** Graceful stop (SIGTERM) and wait for exit. */
  stop(): Promise<void>;
  /** Abrupt stop (SIGKILL), as in a crash. */
  kill(): Promise<void>;
  /** Starts the same server again (same port, data and env). */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export function tempDir(prefix = "chat-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function waitHealthy(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode} before it was ready:\n${log()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200 || res.status === 503) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app at ${url} not ready after ${timeoutMs} ms:\n${log()}`);
}

/** Runs `next start` (the production server) on 127.0.0.1, as a user would. */
export async function startApp(opts: AppOptions = {}): Promise<AppHandle> {
  const dataDir = opts.dataDir ?? tempDir();
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let log = "";
  const tag = opts.name ?? `app:${port}`;

  const launch = async () => {
    child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: `file:${path.join(dataDir, "chat.db")}`,
        DATA_DIR: dataDir,
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const append = (b: Buffer) => {
      log += b.toString();
      if (process.env.APP_LOG) process.stderr.write(`[${tag}] ${b}`);
    };
    child.stdout!.on("data", append);
    child.stderr!.on("data", append);
    await waitHealthy(baseUrl, child, () => log);
  };

  const exit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(signal);
    });

  await launch();
  return {
    baseUrl,
    port,
    dataDir,
    output: () => log,
    stop: () => exit("SIGTERM"),
    kill: () => exit("SIGKILL"),
    restart: async () => {
      await exit("SIGTERM");
      await launch();
    },
  };
}
