import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { migrate } from "./schema";

/** Resolves `file:./data/chat.db` (or `file:/abs/path.db`) to a path and opens it in WAL mode. */
export function openDatabase(url: string): Database.Database {
  const file = url.replace(/^file:(\/\/)?/, "");
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL"); // durable across process crashes in WAL mode
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000"); // several processes may share the file
  db.pragma("secure_delete = ON"); // a deleted message's text is overwritten, not left in free pages
  migrate(db);
  return db;
}
