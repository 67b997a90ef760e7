import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isStoreConflict, isStoreNotFound } from "@/lib/store/chat-store";
import { isFileTooLarge, type FileStore } from "@/lib/store/file-store";

/**
 * The FileStore contract, run against every adapter through the port only. Every test uses its
 * own random owner and message ids, so suites may share a database.
 */
export function fileStoreContract(name: string, makeStore: () => Promise<FileStore>) {
  describe(`FileStore contract: ${name}`, () => {
    let store: FileStore;

    beforeAll(async () => {
      store = await makeStore();
      await store.init();
    });
    afterAll(async () => {
      await store?.close();
    });

    const id = () => randomBytes(8).toString("hex");
    const bytes = (n: number) => randomBytes(n);
    async function* chunks(data: Buffer, size = 64 * 1024) {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    }
    const save = (ownerId: string, data: Buffer, maxBytes = 10 * 1024 * 1024) =>
      store.save({ ownerId, name: "report.pdf", contentType: "application/pdf", maxBytes, source: chunks(data) });
    const readAll = async (stream: Readable) => {
      const parts: Buffer[] = [];
      for await (const c of stream) parts.push(Buffer.from(c));
      return Buffer.concat(parts);
    };
    const farFuture = "2999-01-01T00:00:00.000Z";

    it("init is idempotent", async () => {
      await store.init();
      expect(["disk", "gridfs"]).toContain(store.kind);
    });

    it("stores bytes and metadata, reads them whole and by range", async () => {
      const owner = id();
      const data = bytes(700_001);
      const file = await save(owner, data);
      expect(file).toMatchObject({ ownerId: owner, name: "report.pdf", size: data.length, contentType: "application/pdf" });
      expect(file).toMatchObject({ messageId: null, conversationId: null, attachedAt: null, width: null, height: null });
      expect(file.id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(await store.find(file.id)).toEqual(file);
      expect((await readAll(await store.read(file.id))).equals(data)).toBe(true);
      const part = await readAll(await store.read(file.id, { start: 300_000, end: 600_000 }));
      expect(part.equals(data.subarray(300_000, 600_001))).toBe(true);
      const tail = await readAll(await store.read(file.id, { start: data.length - 1, end: data.length - 1 }));
      expect([...tail]).toEqual([data[data.length - 1]]);
    });

    it("ids are random and unrelated", async () => {
      const owner = id();
      const a = await save(owner, bytes(10));
      const b = await save(owner, bytes(10));
      expect(a.id).not.toBe(b.id);
    });

    it("refuses a file over the limit, stops reading the source and keeps nothing", async () => {
      const owner = id();
      let produced = 0;
      let closed = false;
      async function* endless() {
        try {
          for (;;) {
            produced += 65_536;
            yield Buffer.alloc(65_536, 1);
          }
        } finally {
          closed = true;
        }
      }
      const err = await store
        .save({ ownerId: owner, name: "big.bin", contentType: "application/octet-stream", maxBytes: 1_000_000, source: endless() })
        .catch((e: unknown) => e);
      expect(isFileTooLarge(err)).toBe(true);
      expect(closed).toBe(true);
      expect(produced).toBeLessThan(1_200_000);
      const left = await store.listUnattached({ createdBefore: farFuture, limit: 10_000 });
      expect(left.filter((f) => f.ownerId === owner)).toEqual([]);
    });

    it("keeps nothing when the source fails midway", async () => {
      const owner = id();
      async function* broken() {
        yield Buffer.alloc(1000);
        throw new Error("client went away");
      }
      await expect(
        store.save({ ownerId: owner, name: "x", contentType: "application/octet-stream", maxBytes: 1e6, source: broken() }),
      ).rejects.toThrow("client went away");
      const left = await store.listUnattached({ createdBefore: farFuture, limit: 10_000 });
      expect(left.filter((f) => f.ownerId === owner)).toEqual([]);
    });

    it("findMany keeps the order given and leaves unknown ids out; unknown reads are not found", async () => {
      const owner = id();
      const a = await save(owner, bytes(5));
      const b = await save(owner, bytes(6));
      expect((await store.findMany([b.id, "nope", a.id])).map((f) => f.id)).toEqual([b.id, a.id]);
      expect(await store.find("nope")).toBeNull();
      expect(isStoreNotFound(await store.read("nope").catch((e: unknown) => e))).toBe(true);
      expect(await store.readThumbnail(a.id)).toBeNull();
    });

    it("records image size and a thumbnail", async () => {
      const file = await save(id(), bytes(100));
      const thumbnail = bytes(2048);
      await store.setImage(file.id, { width: 640, height: 480, thumbnail });
      expect(await store.find(file.id)).toMatchObject({ width: 640, height: 480 });
      expect((await store.readThumbnail(file.id))?.equals(thumbnail)).toBe(true);
    });

    it("attaches the owner's uploads once; a retry with the same message is a no-op", async () => {
      const owner = id();
      const [a, b] = [await save(owner, bytes(10)), await save(owner, bytes(20))];
      const messageId = id();
      const conversationId = id();
      const attached = await store.attach({ ids: [a.id, b.id], ownerId: owner, conversationId, messageId });
      expect(attached.map((f) => [f.id, f.messageId, f.conversationId])).toEqual([
        [a.id, messageId, conversationId],
        [b.id, messageId, conversationId],
      ]);
      expect((await store.find(a.id))?.attachedAt).not.toBeNull();
      const again = await store.attach({ ids: [a.id, b.id], ownerId: owner, conversationId, messageId });
      expect(again.map((f) => f.messageId)).toEqual([messageId, messageId]);
      expect((await store.listForMessage(messageId)).map((f) => f.id).sort()).toEqual([a.id, b.id].sort());
    });

    it("refuses someone else's upload and an upload attached elsewhere, attaching none of the batch", async () => {
      const owner = id();
      const mine = await save(owner, bytes(10));
      const theirs = await save(id(), bytes(10));
      const err = await store
        .attach({ ids: [mine.id, theirs.id], ownerId: owner, conversationId: id(), messageId: id() })
        .catch((e: unknown) => e);
      expect(isStoreNotFound(err)).toBe(true);
      expect((await store.find(mine.id))?.messageId).toBeNull();

      const used = await save(owner, bytes(10));
      const first = id();
      await store.attach({ ids: [used.id], ownerId: owner, conversationId: id(), messageId: first });
      const fresh = await save(owner, bytes(10));
      const conflict = await store
        .attach({ ids: [fresh.id, used.id], ownerId: owner, conversationId: id(), messageId: id() })
        .catch((e: unknown) => e);
      expect(isStoreConflict(conflict)).toBe(true);
      expect((await store.find(fresh.id))?.messageId).toBeNull();
      expect((await store.find(used.id))?.messageId).toBe(first);
    });

    it("two concurrent sends attach one upload to exactly one message", async () => {
      const owner = id();
      const file = await save(owner, bytes(10));
      const conversationId = id();
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => store.attach({ ids: [file.id], ownerId: owner, conversationId, messageId: id() })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(isStoreConflict(r.reason)).toBe(true);
    });

    it("removes bytes, thumbnail and metadata", async () => {
      const owner = id();
      const file = await save(owner, bytes(1000));
      await store.setImage(file.id, { width: 1, height: 1, thumbnail: bytes(10) });
      const messageId = id();
      await store.attach({ ids: [file.id], ownerId: owner, conversationId: id(), messageId });
      await store.remove([file.id, "unknown"]);
      expect(await store.find(file.id)).toBeNull();
      expect(await store.readThumbnail(file.id)).toBeNull();
      expect(await store.listForMessage(messageId)).toEqual([]);
      expect(isStoreNotFound(await store.read(file.id).catch((e: unknown) => e))).toBe(true);
      await store.remove([file.id]); // idempotent
    });

    it("lists unattached uploads by age and unconfirmed attachments until confirmed", async () => {
      const owner = id();
      const old = await save(owner, bytes(10));
      const attached = await save(owner, bytes(10));
      await store.attach({ ids: [attached.id], ownerId: owner, conversationId: id(), messageId: id() });
      const mine = (files: { ownerId: string; id: string }[]) => files.filter((f) => f.ownerId === owner).map((f) => f.id);
      expect(mine(await store.listUnattached({ createdBefore: farFuture, limit: 10_000 }))).toEqual([old.id]);
      expect(mine(await store.listUnattached({ createdBefore: old.createdAt, limit: 10_000 }))).toEqual([]);
      expect(mine(await store.listUnconfirmed({ attachedBefore: farFuture, limit: 10_000 }))).toEqual([attached.id]);
      await store.confirm([attached.id]);
      expect(mine(await store.listUnconfirmed({ attachedBefore: farFuture, limit: 10_000 }))).toEqual([]);
      expect(await store.find(attached.id)).not.toBeNull();
    });

    it("removeOrphans leaves complete files alone", async () => {
      const file = await save(id(), bytes(100));
      await store.removeOrphans(farFuture);
      expect((await readAll(await store.read(file.id))).length).toBe(100);
    });
  });
}
