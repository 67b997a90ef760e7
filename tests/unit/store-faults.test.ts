import Database from "better-sqlite3";
import { MongoNetworkError, MongoParseError, MongoServerError, MongoServerSelectionError } from "mongodb";
import { describe, expect, it } from "vitest";
import { classifyMongoError } from "@/lib/store/mongo/faults";
import { classifySqliteError } from "@/lib/store/sqlite/faults";
import { StoreHealth } from "@/lib/store/store-health";
import { StoreUnavailableError, describeError, isStoreUnavailable } from "@/lib/store/store-fault";

const sqlite = (code: string) => new Database.SqliteError("message", code);
const errno = (code: string) => Object.assign(new Error(`${code}: failed, open '/x'`), { code });

describe("SQLite errors", () => {
  it.each([
    ["SQLITE_BUSY", "busy", true],
    ["SQLITE_BUSY_SNAPSHOT", "busy", true],
    ["SQLITE_LOCKED_SHAREDCACHE", "busy", true],
    ["SQLITE_FULL", "full", true],
    ["SQLITE_IOERR_WRITE", "io", true],
    ["SQLITE_CORRUPT", "broken", false],
    ["SQLITE_NOTADB", "broken", false],
    ["SQLITE_CANTOPEN", "broken", false],
    ["SQLITE_READONLY_DBMOVED", "broken", false],
  ])("%s is %s (heals: %s)", (code, reason, heals) => {
    expect(classifySqliteError(sqlite(code))).toMatchObject({ reason, heals });
  });

  it("names the fix for what does not heal", () => {
    expect(classifySqliteError(sqlite("SQLITE_NOTADB"))?.fix).toMatch(/restore it from a backup/);
    expect(classifySqliteError(errno("EROFS"))).toMatchObject({ reason: "broken", fix: expect.stringMatching(/writable/) });
    expect(classifySqliteError(errno("ENOSPC"))).toMatchObject({ reason: "full", heals: true });
  });

  it("leaves bugs alone", () => {
    expect(classifySqliteError(sqlite("SQLITE_CONSTRAINT_UNIQUE"))).toBeNull();
    expect(classifySqliteError(sqlite("SQLITE_ERROR"))).toBeNull();
    expect(classifySqliteError(new TypeError("x is undefined"))).toBeNull();
    expect(classifySqliteError("not an error")).toBeNull();
  });
});

describe("MongoDB errors", () => {
  it("server selection, network and not-primary errors mean unreachable, and heal", () => {
    expect(classifyMongoError(new MongoServerSelectionError("timed out", {} as never))).toMatchObject({ reason: "unreachable", heals: true });
    expect(classifyMongoError(new MongoNetworkError("connection reset"))).toMatchObject({ reason: "unreachable", heals: true });
    // The driver lets a raw socket error through when the server dies mid-write (seen with kill -9).
    const epipe = Object.assign(new Error("This socket has been ended by the other party"), { code: "EPIPE" });
    expect(classifyMongoError(epipe)).toMatchObject({ reason: "unreachable", heals: true });
    expect(classifyMongoError(Object.assign(new Error("x"), { code: "ENOENT" }))).toBeNull();
    for (const code of [10107, 13435, 189, 91, 11600]) {
      expect(classifyMongoError(new MongoServerError({ message: "not primary", code }))).toMatchObject({ reason: "unreachable" });
    }
  });

  it("a bad connection string or credentials do not heal; a duplicate key is not an outage", () => {
    expect(classifyMongoError(new MongoParseError("bad url"))).toMatchObject({ reason: "broken", heals: false });
    expect(classifyMongoError(new MongoServerError({ message: "auth", code: 18 }))).toMatchObject({ heals: false, fix: expect.stringMatching(/password/) });
    expect(classifyMongoError(new MongoServerError({ message: "E11000 duplicate key", code: 11000 }))).toBeNull();
    expect(classifyMongoError(new Error("plain"))).toBeNull();
  });
});

describe("StoreUnavailableError", () => {
  it("is recognised by kind (route bundles hold their own class copies) and carries Retry-After", () => {
    const err = new StoreUnavailableError({ reason: "busy", heals: true }, "appendMessage: still locked");
    expect(isStoreUnavailable(err)).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error("x"), { kind: "store_unavailable" }))).toBe(true);
    expect(isStoreUnavailable(new Error("x"))).toBe(false);
    expect(err.retryAfterSec).toBe(1);
  });

  it("describes a driver error in one line", () => {
    const line = describeError(new Database.SqliteError("database is locked\nmore", "SQLITE_BUSY"));
    expect(line).toBe("SqliteError SQLITE_BUSY: database is locked");
  });
});

describe("StoreHealth", () => {
  const fault = (reason: "busy" | "full" | "unreachable") => new StoreUnavailableError({ reason, heals: true }, "x");

  it("a failed write makes the store unwritable until a write succeeds; reads alone do not clear it", () => {
    const h = new StoreHealth();
    h.record(true, null);
    expect(h.snapshot()).toMatchObject({ reachable: true, writable: true, error: null });
    h.record(true, fault("full"));
    expect(h.snapshot()).toMatchObject({ reachable: true, writable: false, error: { reason: "full" } });
    h.record(false, null);
    h.probed(true);
    expect(h.snapshot().writable).toBe(false);
    h.record(true, null);
    expect(h.snapshot()).toMatchObject({ writable: true, error: null });
  });

  it("unreachable comes from the latest evidence, request or probe", () => {
    const h = new StoreHealth();
    h.record(false, fault("unreachable"));
    expect(h.snapshot()).toMatchObject({ reachable: false, error: { reason: "unreachable" } });
    h.probed(true);
    expect(h.snapshot().reachable).toBe(true);
    h.probed(false);
    expect(h.snapshot().reachable).toBe(false);
  });
});
