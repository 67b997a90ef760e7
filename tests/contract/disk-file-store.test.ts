import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DiskFileStore } from "@/lib/store/sqlite/file-store";
import { fileStoreContract } from "./file-store.contract";

// A real SQLite file and a real directory, as in the embedded mode ($DATA_DIR/files).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "files-contract-"));
const url = `file:${path.join(dir, "chat.db")}`;
const filesDir = path.join(dir, "files");

fileStoreContract("disk + SQLite", async () => new DiskFileStore(url, filesDir));

describe("DiskFileStore: what a crash leaves behind", () => {
  it("removes a half-written temp file and bytes without a row, once they are old enough", async () => {
    const store = new DiskFileStore(url, filesDir);
    await store.init();
    const kept = await store.save({ ownerId: "u", name: "a", contentType: "text/plain", maxBytes: 100, source: [Buffer.from("ok")] as never });
    const partial = path.join(filesDir, "tmp", "crashed-upload");
    const stray = path.join(filesDir, "renamed-but-no-row");
    fs.writeFileSync(partial, "half");
    fs.writeFileSync(stray, "whole");
    const hourAgo = new Date(Date.now() - 3_600_000);
    expect(await store.removeOrphans(hourAgo.toISOString())).toBe(0); // too recent: may be in flight
    fs.utimesSync(partial, hourAgo, hourAgo);
    fs.utimesSync(stray, hourAgo, hourAgo);
    fs.utimesSync(path.join(filesDir, kept.id), hourAgo, hourAgo);
    expect(await store.removeOrphans(new Date(Date.now() - 60_000).toISOString())).toBe(2);
    expect(fs.existsSync(partial) || fs.existsSync(stray)).toBe(false);
    expect(fs.readFileSync(path.join(filesDir, kept.id), "utf8")).toBe("ok");
    await store.close();
  });

  it("keeps files under the directory, readable by the owner process only", async () => {
    const store = new DiskFileStore(url, filesDir);
    await store.init();
    const f = await store.save({ ownerId: "u", name: "../../etc/passwd", contentType: "text/plain", maxBytes: 100, source: [Buffer.from("x")] as never });
    expect(fs.statSync(path.join(filesDir, f.id)).mode & 0o077).toBe(0);
    expect(fs.readdirSync(path.join(filesDir, "tmp"))).toEqual([]);
    await store.close();
  });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
