import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { checkFileLength } from "./file-check";
import { migrate } from "./schema";
import { cacheStatements } from "./statement-cache";

/** Resolves `file:./data/chat.db` (or `file:/abs/path.db`) to a path and opens it in WAL mode. */
export function openDatabase(url: string): Database.Database {
  const file = url.replace(/^file:(\/\/)?/, "");
  if (file !== ":memory:") {
    // A new data directory is the owner's only (the file holds password hashes and every message).
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    checkFileLength(file);
  }
  const db = new Database(file);
  try {
    if (file !== ":memory:") ownerOnly(file);
    // No waiting inside SQLite: better-sqlite3 is synchronous, so a busy wait there would stall
    // every request of this process. The store retries a busy database asynchronously instead
    // (guarded-store.ts, SQLITE_BUSY_TIMEOUT_MS).
    db.pragma("busy_timeout = 0");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL"); // durable across process crashes in WAL mode
    db.pragma("foreign_keys = ON");
    db.pragma("secure_delete = ON"); // a deleted message's text is overwritten, not left in free pages
    db.prepare("SELECT count(*) FROM sqlite_schema").get(); // a garbage header fails here, at start
    migrate(db);
    if (file !== ":memory:") ownerOnly(file); // the WAL and shared-memory files exist now
    return cacheStatements(db);
  } catch (err) {
    db.close();
    throw err;
  }
}

/** 0600 for the database and its WAL / shared-memory companions, also for files made before. */
function ownerOnly(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (err) {
      // Best effort: a read-only or foreign-owned file is reported by the open itself, not here.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") console.warn(`[store] could not make ${f} owner-only (${code})`);
    }
  }
}
