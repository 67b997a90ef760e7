import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { checkFileLength } from "./file-check";
import { migrate } from "./schema";

/** Resolves `file:./data/chat.db` (or `file:/abs/path.db`) to a path and opens it in WAL mode. */
export function openDatabase(url: string): Database.Database {
  const file = url.replace(/^file:(\/\/)?/, "");
  if (file !== ":memory:") {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    checkFileLength(file);
  }
  const db = new Database(file);
  try {
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
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
