import type { StoreFault } from "../store-fault";

const PERMISSIONS =
  "check that the path in DATABASE_URL exists, is a file the app's user may read and write, and that its directory is writable (SQLite keeps -wal and -shm files beside it)";
const CORRUPT = "the file is not a usable SQLite database (corrupt, truncated or another kind of file): restore it from a backup, or point DATABASE_URL at another file";

/**
 * better-sqlite3 errors carry SQLite's extended result code as a string (SQLITE_BUSY_SNAPSHOT,
 * SQLITE_IOERR_WRITE …); the file-system calls made before opening carry errno codes.
 */
export function classifySqliteError(err: unknown): StoreFault | null {
  if (!(err instanceof Error)) return null;
  const code = String((err as { code?: unknown }).code ?? "");
  const base = code.replace(/^(SQLITE_[A-Z]+)_.*$/, "$1");
  switch (base) {
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return { reason: "busy", heals: true };
    case "SQLITE_FULL":
    case "ENOSPC":
      return { reason: "full", heals: true, fix: "free disk space where the database lives" };
    case "SQLITE_IOERR":
    case "EIO":
      return { reason: "io", heals: true, fix: "check the disk holding the database" };
    case "SQLITE_CORRUPT":
    case "SQLITE_NOTADB":
      return { reason: "broken", heals: false, fix: CORRUPT };
    case "SQLITE_CANTOPEN":
    case "SQLITE_READONLY":
    case "SQLITE_PERM":
    case "SQLITE_AUTH":
    case "EACCES":
    case "EPERM":
    case "EROFS":
    case "ENOTDIR":
    case "EISDIR":
    case "EEXIST":
    case "ENOENT":
      return { reason: "broken", heals: false, fix: PERMISSIONS };
  }
  // better-sqlite3 checks the directory itself before SQLite sees the path.
  if (err instanceof TypeError && /directory does not exist/.test(err.message)) return { reason: "broken", heals: false, fix: PERMISSIONS };
  return null;
}
