import Database from "better-sqlite3";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, tempDir } from "./app-server";

/**
 * Real faults for tests: another process holding SQLite's lock, a small file system that fills
 * up, a read-only one. Mounting needs root (as in CI here); without it these tests fail loudly.
 */

export interface LockHolder {
  /** Commits and exits; resolves once the lock is released. */
  release(): Promise<void>;
  /** When the holder released the lock (ms since epoch), once it did. */
  releasedAt?: number;
}

/**
 * A second process that takes SQLite's write lock on `file` and keeps it until release():
 * what a second app instance, a backup or an admin's `sqlite3` does. `exclusive` also keeps
 * readers out (a rollback-journal file, as before the app first switched it to WAL).
 */
export async function holdWriteLock(file: string, opts: { exclusive?: boolean } = {}): Promise<LockHolder> {
  const script = `
    const Database = require(${JSON.stringify(path.join(ROOT, "node_modules/better-sqlite3"))});
    const db = new Database(${JSON.stringify(file)});
    db.pragma("busy_timeout = 30000");
    db.exec(${JSON.stringify(opts.exclusive ? "BEGIN EXCLUSIVE" : "BEGIN IMMEDIATE")});
    process.stdout.write("locked\\n");
    process.stdin.once("data", () => { db.exec("COMMIT"); db.close(); process.stdout.write("released\\n"); process.exit(0); });
  `;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (b) => (err += b));
  const holder: LockHolder = {
    release: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin.write("go\n");
      await exited;
      holder.releasedAt ??= Date.now();
    },
  };
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (b) => {
      out += b;
      if (out.includes("locked")) resolve();
      if (out.includes("released")) holder.releasedAt = Date.now();
    });
    child.once("exit", (code) => reject(new Error(`lock holder exited with ${code}: ${err}`)));
  });
  return holder;
}

export interface Mount {
  dir: string;
  unmount(): void;
}

/** A tmpfs of `sizeKb` (read-only when asked) at a fresh directory. */
export function mountTmpfs(opts: { sizeKb: number; readOnly?: boolean; prefix?: string }): Mount {
  const dir = tempDir(opts.prefix ?? "chat-tmpfs-");
  const options = `size=${opts.sizeKb}k${opts.readOnly ? ",ro" : ""}`;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { stdio: "pipe" });
  } catch (err) {
    throw new Error(`these fault tests mount a tmpfs (${options}) and need root: ${(err as Error).message}`);
  }
  return {
    dir,
    unmount: () => {
      execFileSync("umount", ["-l", dir], { stdio: "pipe" });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the file system holding `dir` with one file, leaving about `leaveKb` free; returns a remover. */
export function fillDisk(dir: string, leaveKb = 0): () => void {
  const filler = path.join(dir, "filler");
  const { bavail, bsize } = fs.statfsSync(dir);
  const bytes = Math.max(0, bavail * bsize - leaveKb * 1024);
  const fd = fs.openSync(filler, "w");
  try {
    const chunk = Buffer.alloc(64 * 1024);
    for (let written = 0; written < bytes; ) {
      const n = Math.min(chunk.length, bytes - written);
      try {
        written += fs.writeSync(fd, chunk, 0, n);
      } catch {
        break; // full already
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return () => fs.rmSync(filler, { force: true });
}

/** PRAGMA integrity_check on a copy-free read-only connection: "ok" when the file is sound. */
export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}
