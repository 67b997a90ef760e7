import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, tempDir, type AppHandle } from "../helpers/app-server";
import { fillDisk, integrityCheck, mountTmpfs, type Mount } from "../helpers/faults";

/**
 * What will not heal stops the start with one line naming the fix (a corrupt, truncated or
 * foreign file; an unopenable path; a read-only data directory) instead of serving 500s or
 * "try again" forever. What does heal — a full disk — answers 503 and recovers without a restart,
 * losing nothing that was acknowledged.
 */
const SECRET = { NEXTAUTH_SECRET: "a-secret-of-at-least-32-characters!!" };
const mounts: Mount[] = [];
afterAll(() => mounts.forEach((m) => m.unmount()));

/** startApp must fail: the process exits 1 and its output holds the expected one-liner. */
async function expectRefusedStart(env: Record<string, string>, dataDir: string, line: RegExp) {
  const err = await startApp({ name: "refused", dataDir, env }).then(
    () => null,
    (e: Error) => e,
  );
  expect(err?.message).toMatch(/exited with 1/);
  const cannot = err!.message.split("\n").filter((l) => l.includes("[chat] cannot start"));
  expect(cannot).toHaveLength(1);
  expect(cannot[0]).toMatch(line);
  expect(err!.message).not.toMatch(/^\s+at /m); // one line, no stack
}

describe("start-up refuses what will not heal", () => {
  it("a file that is not a database", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "chat.db"), "these are not the bytes you are looking for\n".repeat(100));
    await expectRefusedStart({}, dir, /SQLITE_NOTADB.*restore it from a backup/);
  });

  it("a truncated database", async () => {
    const dir = tempDir();
    const app = await startApp({ name: "to-truncate", dataDir: dir });
    const c = new ApiClient(app.baseUrl);
    await c.signUp("trunc-alice");
    const g = (await c.post("/api/conversations", { type: "group", name: "T" })).body.conversation;
    for (let i = 0; i < 30; i++) await c.post(`/api/conversations/${g.id}/messages`, { text: "x".repeat(3000) });
    await app.stop(); // checkpoints the WAL into the file
    const file = path.join(dir, "chat.db");
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    await expectRefusedStart({}, dir, /truncated.*restore it from a backup/);
  });

  it("a database path that cannot be opened", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "not-a-dir"), "");
    await expectRefusedStart({ DATABASE_URL: `file:${path.join(dir, "not-a-dir/chat.db")}` }, dir, /ENOTDIR|EEXIST.*DATABASE_URL/);
  });

  it("a read-only data directory without NEXTAUTH_SECRET (the secret cannot be kept)", async () => {
    const ro = mountTmpfs({ sizeKb: 1024, readOnly: true });
    mounts.push(ro);
    await expectRefusedStart({ NEXTAUTH_SECRET: "" }, ro.dir, /EROFS.*make DATA_DIR writable.*or set NEXTAUTH_SECRET/);
  });

  it("a read-only data directory with a secret (the database cannot be created)", async () => {
    const ro = mountTmpfs({ sizeKb: 1024, readOnly: true });
    mounts.push(ro);
    await expectRefusedStart(SECRET, ro.dir, /SQLITE_CANTOPEN.*writable/);
  });
});

describe("a full disk", () => {
  let app: AppHandle;
  afterAll(async () => app?.stop());

  it("answers 503 unavailable:store while full, health says so, and resumes after space is freed without a restart or a loss", async () => {
    const disk = mountTmpfs({ sizeKb: 4096, prefix: "chat-full-" });
    mounts.push(disk);
    app = await startApp({ name: "disk-full", dataDir: disk.dir });
    const alice = new ApiClient(app.baseUrl);
    await alice.signUp("full-alice");
    const g = (await alice.post("/api/conversations", { type: "group", name: "Full" })).body.conversation;
    const send = (i: number) => alice.post(`/api/conversations/${g.id}/messages`, { text: `${i} ${"f".repeat(3000)}`, clientId: `full-${i}` });

    const free = fillDisk(disk.dir, 256);
    const acked = new Map<string, { id: string; seq: number }>();
    let refused: { status: number; body: any; headers: Headers } | undefined;
    let i = 0;
    for (; i < 2000 && !refused; i++) {
      const res = await send(i);
      if (res.status === 201) acked.set(`full-${i}`, res.body.message);
      else refused = res;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.body.error).toEqual({ code: "unavailable:store", message: expect.stringMatching(/disk space/) });
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const h = await (await fetch(`${app.baseUrl}/api/health`)).json();
    expect(h).toMatchObject({ status: "degraded", store: { reachable: true, writable: false, error: { reason: "full" } } });
    expect((await alice.get(`/api/conversations/${g.id}/messages`)).status).toBe(200); // reads still work

    free();
    const retry = await send(i - 1); // the refused message, same clientId
    expect(retry.status).toBe(201);
    acked.set(`full-${i - 1}`, retry.body.message);
    expect((await send(i)).status).toBe(201);
    expect((await (await fetch(`${app.baseUrl}/api/health`)).json()).status).toBe("ok");

    const stored = new Map<string, { id: string; seq: number; clientId: string }>();
    for (let before: number | null = null; ; ) {
      const page: { messages: { id: string; seq: number; clientId: string }[]; nextCursor: number | null } = (await alice.get(`/api/conversations/${g.id}/messages?limit=100${before ? `&before=${before}` : ""}`)).body;
      for (const m of page.messages) if ((m as { kind?: string }).kind !== "system") stored.set(m.clientId, m); // timeline entries aside
      if (!(before = page.nextCursor)) break;
    }
    for (const [clientId, m] of acked) expect(stored.get(clientId)).toMatchObject({ id: m.id, seq: m.seq });
    expect(stored.size).toBe(acked.size + 1);
    expect(integrityCheck(path.join(disk.dir, "chat.db"))).toBe("ok");
    expect(app.output()).toMatch(/\[store\] unavailable \(full\): appendMessage: SqliteError SQLITE_FULL/);
    expect(app.output()).not.toMatch(/unexpected error|^\s+at /m);
  });
});
