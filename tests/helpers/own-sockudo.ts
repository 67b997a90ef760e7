import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, tempDir } from "./app-server";

/**
 * A Sockudo (Pusher Channels protocol server) of the test's own, on free ports, for tests that
 * stop it or need their own app key. The binary is the one scripts/services/sockudo-start.sh
 * installed; a missing binary fails the test (never a skip).
 */
export interface OwnSockudo {
  host: string;
  port: number;
  appId: string;
  key: string;
  secret: string;
  /** The PUSHER_* variables that point an app at this server. */
  appEnv: Record<string, string>;
  /** kill -9, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

const servicesHome = process.env.SERVICES_HOME ?? path.join(os.homedir(), ".cache/chat-services");
export const SOCKUDO_BIN = path.join(servicesHome, `sockudo-${process.env.SOCKUDO_VERSION ?? "5.2.0"}`, "bin/sockudo");

async function up(port: number, appId: string): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/up/${appId}`, { signal: AbortSignal.timeout(1_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

export async function startOwnSockudo(): Promise<OwnSockudo> {
  if (!fs.existsSync(SOCKUDO_BIN)) {
    throw new Error(`no Sockudo binary at ${SOCKUDO_BIN}; install it with: npm run services:start`);
  }
  const port = await freePort();
  const dir = tempDir("chat-sockudo-"); // its cwd: Sockudo reads ./config/config.toml if present
  const appId = `app-${port}`;
  const key = `key-${port}`;
  const secret = `secret-${port}-${Math.random().toString(36).slice(2)}`;
  let child: ChildProcess | undefined;
  let log = "";
  const exited = () => !child || child.exitCode !== null || child.signalCode !== null;
  const exit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (exited()) return resolve();
      child!.once("exit", () => resolve());
      child!.kill(signal);
    });
  const start = async () => {
    const proc = spawn(SOCKUDO_BIN, [], {
      cwd: dir,
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOST: "127.0.0.1",
        PORT: String(port),
        METRICS_ENABLED: "false",
        // Its default (100 API requests a minute per address) refuses the app's triggers with 429
        // within a minute; sockudo-start.sh and docker-compose.yml raise it the same way.
        RATE_LIMITER_API_MAX_REQUESTS: "5000",
        RATE_LIMITER_API_WINDOW_SECONDS: "1",
        // Its default (20 new connections a minute per address) is what every browser of a test
        // would share; raised as in sockudo-start.sh and docker-compose.yml.
        RATE_LIMITER_WS_MAX_REQUESTS: "600",
        RATE_LIMITER_WS_WINDOW_SECONDS: "60",
        METRICS_HOST: "127.0.0.1",
        SOCKUDO_DEFAULT_APP_ID: appId,
        SOCKUDO_DEFAULT_APP_KEY: key,
        SOCKUDO_DEFAULT_APP_SECRET: secret,
        SOCKUDO_DEFAULT_APP_ENABLED: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    proc.stdout.on("data", (b: Buffer) => (log += b.toString()));
    proc.stderr.on("data", (b: Buffer) => (log += b.toString()));
    const deadline = Date.now() + 30_000;
    while (!(await up(port, appId))) {
      if (exited()) throw new Error(`Sockudo exited during start:\n${log.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`Sockudo not up on ${port} within 30 s:\n${log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await start();
  return {
    host: "127.0.0.1",
    port,
    appId,
    key,
    secret,
    appEnv: {
      PUSHER_APP_ID: appId,
      PUSHER_KEY: key,
      PUSHER_SECRET: secret,
      PUSHER_HOST: "127.0.0.1",
      PUSHER_PORT: String(port),
      PUSHER_TLS: "false",
    },
    kill: () => exit("SIGKILL"),
    start,
    stop: async () => {
      await exit("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
    output: () => log,
  };
}
