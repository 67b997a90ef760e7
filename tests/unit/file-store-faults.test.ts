import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { guardStore } from "@/lib/store/guarded-store";
import { classifyFileStoreError } from "@/lib/store/sqlite/file-faults";
import { isStoreUnavailable } from "@/lib/store/store-fault";

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe("the file store's faults", () => {
  it("classifies a full, failing or read-only disk as an outage, SQLite codes as the chat store does, the rest as bugs", () => {
    expect(classifyFileStoreError(errno("ENOSPC"))?.reason).toBe("full");
    expect(classifyFileStoreError(errno("EDQUOT"))?.reason).toBe("full");
    expect(classifyFileStoreError(errno("EIO"))?.reason).toBe("io");
    for (const code of ["EACCES", "EPERM", "EROFS"]) expect(classifyFileStoreError(errno(code))).toMatchObject({ reason: "broken", heals: false });
    expect(classifyFileStoreError(new Database.SqliteError("locked", "SQLITE_BUSY"))?.reason).toBe("busy");
    expect(classifyFileStoreError(errno("ENOENT"))).toBeNull(); // a missing file under a known id is a bug
    expect(classifyFileStoreError(new TypeError("a bug"))).toBeNull();
  });

  it("never re-runs a method listed as `once` on busy (save consumes its stream): it fails at once as 503", async () => {
    let calls = 0;
    const files = {
      async save() {
        calls++;
        throw new Database.SqliteError("locked", "SQLITE_BUSY");
      },
    };
    const guarded = guardStore(files, { classify: classifyFileStoreError, busyTimeoutMs: 5_000, once: new Set(["save"]) });
    const err = await guarded.save().catch((e: unknown) => e);
    expect(isStoreUnavailable(err)).toBe(true);
    expect(calls).toBe(1);
  });
});
