import type { StoreFault } from "../store-fault";
import { classifySqliteError } from "./faults";

const FILES_DIR = "check that $DATA_DIR/files exists, is on a writable file system and belongs to the app's user";

/**
 * The disk file store's faults: its metadata lives in SQLite (classified as the chat store's),
 * its bytes under $DATA_DIR/files. A full or read-only disk there is an outage (503 with
 * Retry-After), not a bug. ENOENT is left out on purpose: a file missing under a known id is a
 * bug (or a race with a delete the adapter turns into not-found), not an outage.
 */
export function classifyFileStoreError(err: unknown): StoreFault | null {
  const code = String((err as { code?: unknown } | null)?.code ?? "");
  if (code.startsWith("SQLITE_")) return classifySqliteError(err);
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return { reason: "full", heals: true, fix: "free disk space where $DATA_DIR/files lives" };
    case "EIO":
      return { reason: "io", heals: true, fix: "check the disk holding $DATA_DIR/files" };
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return { reason: "broken", heals: false, fix: FILES_DIR };
  }
  return null;
}
