import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { startApp, tempDir, type AppHandle } from "../helpers/app-server";
import { fillDisk, mountTmpfs, type Mount } from "../helpers/faults";
import { upload } from "../helpers/uploads";

/**
 * The file store behind the same guard as the chat store: when the disk under $DATA_DIR/files is
 * full or read-only, an upload is 503 unavailable:store with Retry-After (an outage the client
 * may retry), never a 500, nothing half-written is left, and it works again once the disk does,
 * without a restart. A real tmpfs (root), as the chat store's fault tests use.
 */
let disk: Mount;
let app: AppHandle;
let alice: ApiClient;
const files = () => path.join(disk.dir, "files");
const kept = () => fs.readdirSync(files()).filter((n) => n !== "tmp" && n !== "filler");

beforeAll(async () => {
  disk = mountTmpfs({ sizeKb: 4096, prefix: "chat-files-" });
  // Only the files live on the small disk: the database and the secret are elsewhere.
  const db = tempDir();
  app = await startApp({
    name: "attachments-faults",
    dataDir: disk.dir,
    env: { DATABASE_URL: `file:${path.join(db, "chat.db")}`, NEXTAUTH_SECRET: "a-secret-of-at-least-32-characters!!" },
  });
  alice = new ApiClient(app.baseUrl);
  await alice.signUp("faults-alice");
});
afterAll(async () => {
  await app?.stop();
  disk?.unmount();
});

function expectUnavailable(res: { status: number; body: any; headers: Headers }, retryAfter: number) {
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe("unavailable:store");
  expect(res.body.error.message.length).toBeGreaterThan(0);
  expect(res.headers.get("retry-after")).toBe(String(retryAfter));
}

describe("uploads when the disk fails", () => {
  it("a full disk: 503 + Retry-After, no partial file left, and uploads work again once space is freed", async () => {
    const before = kept();
    const free = fillDisk(files(), 0);
    try {
      const res = await upload(alice, "big.bin", randomBytes(1024 * 1024));
      expectUnavailable(res, 5);
      expect(kept()).toEqual(before);
      expect(fs.readdirSync(path.join(files(), "tmp"))).toEqual([]);
    } finally {
      free();
    }
    const again = await upload(alice, "big.bin", randomBytes(1024 * 1024));
    expect(again.status).toBe(201);
    expect((await alice.get(`/api/attachments/${again.body.attachment.id}`)).status).toBe(200);
    expect(app.output()).toMatch(/\[store\] unavailable \(full\): save: .*ENOSPC/);
  });

  it("a read-only disk: 503 + Retry-After for uploads while stored files still download", async () => {
    const bytes = randomBytes(2048);
    const earlier = (await upload(alice, "earlier.bin", bytes)).body.attachment;
    execFileSync("mount", ["-o", "remount,ro", disk.dir]);
    try {
      expectUnavailable(await upload(alice, "late.bin", randomBytes(2048)), 30);
      const got = await fetch(`${app.baseUrl}/api/attachments/${earlier.id}`, { headers: { cookie: alice.cookieHeader() } });
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      execFileSync("mount", ["-o", "remount,rw", disk.dir]);
    }
    expect((await upload(alice, "late.bin", randomBytes(2048))).status).toBe(201);
    expect(app.output()).toMatch(/\[store\] unavailable \(broken\): save: .*EROFS/);
  });

  it("logged one line per outage and no 500", () => {
    expect(app.output()).not.toMatch(/unexpected error|uncaught|^\s+at /im);
  });
});
