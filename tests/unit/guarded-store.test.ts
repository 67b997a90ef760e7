import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { ChatStore } from "@/lib/store/chat-store";
import { guardStore } from "@/lib/store/guarded-store";
import { classifySqliteError } from "@/lib/store/sqlite/faults";
import { StoreHealth } from "@/lib/store/store-health";
import { isStoreUnavailable } from "@/lib/store/store-fault";

/** An adapter stand-in whose operations fail as told: the guard's retry and mapping rules alone. */
function flaky(failures: string[], result = "done") {
  let calls = 0;
  const store = {
    kind: "sqlite",
    async appendMessage() {
      calls++;
      const code = failures.shift();
      if (code) throw new Database.SqliteError("failed", code);
      return result;
    },
    async findMessage() {
      throw new TypeError("a bug");
    },
    async findOrCreateDirectConversation() {
      throw new Database.SqliteError("full", "SQLITE_FULL");
    },
  } as unknown as ChatStore;
  return { store, calls: () => calls };
}

describe("guardStore", () => {
  it("retries a busy store until it frees, within the busy timeout", async () => {
    const { store, calls } = flaky(["SQLITE_BUSY", "SQLITE_BUSY", "SQLITE_BUSY"]);
    const health = new StoreHealth();
    const guarded = guardStore(store, { classify: classifySqliteError, busyTimeoutMs: 5_000, health });
    await expect(guarded.appendMessage({} as never)).resolves.toBe("done");
    expect(calls()).toBe(4);
    expect(health.snapshot().writable).toBe(true);
  });

  it("gives up past the busy timeout with StoreUnavailableError and records the failed write", async () => {
    const { store } = flaky(Array(10_000).fill("SQLITE_BUSY"));
    const health = new StoreHealth();
    const guarded = guardStore(store, { classify: classifySqliteError, busyTimeoutMs: 100, health });
    const err = await guarded.appendMessage({} as never).catch((e) => e);
    expect(isStoreUnavailable(err)).toBe(true);
    expect(err.fault.reason).toBe("busy");
    expect(err.detail).toMatch(/^appendMessage: still locked after \d+ ms/);
    expect(health.snapshot()).toMatchObject({ writable: false, error: { reason: "busy" } });
  });

  it("does not retry what is not busy, and passes bugs through untouched", async () => {
    const { store, calls } = flaky(["SQLITE_FULL"]);
    const guarded = guardStore(store, { classify: classifySqliteError, busyTimeoutMs: 5_000 });
    const err = await guarded.appendMessage({} as never).catch((e) => e);
    expect(err.fault).toMatchObject({ reason: "full" });
    expect(calls()).toBe(1);
    await expect(guarded.findMessage("x")).rejects.toThrow(TypeError);
    expect(guarded.kind).toBe("sqlite");
  });

  it("counts findOrCreate… as a write for health, and find… as a read", async () => {
    const { store } = flaky([]);
    const health = new StoreHealth();
    const guarded = guardStore(store, { classify: classifySqliteError, busyTimeoutMs: 0, health });
    await guarded.findOrCreateDirectConversation({} as never).catch(() => {});
    expect(health.snapshot()).toMatchObject({ writable: false, error: { reason: "full" } });
    await guarded.appendMessage({} as never);
    expect(health.snapshot().writable).toBe(true);
  });
});
