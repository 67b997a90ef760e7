import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MongoClient } from "mongodb";
import { GridFsFileStore } from "@/lib/store/mongo/file-store";
import { fileStoreContract } from "./file-store.contract";

/** GridFS through the official driver against a real MongoDB-wire server (FerretDB here). */
const url = process.env.MONGO_URL ?? `${process.env.MONGO_URL_BASE ?? "mongodb://127.0.0.1:27017"}/files_contract_${randomBytes(4).toString("hex")}`;
const ownDatabase = !process.env.MONGO_URL;
let client: MongoClient;

beforeAll(async () => {
  client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    await client.db().command({ ping: 1 });
  } catch (err) {
    throw new Error(
      `MongoDB-compatible server not reachable (${(err as Error).message}). ` +
        "Start FerretDB with scripts/services/ferretdb-start.sh (or npm run services:start), or set MONGO_URL.",
    );
  }
});

afterAll(async () => {
  if (ownDatabase) await client.db().dropDatabase().catch(() => {});
  await client.close();
});

fileStoreContract("GridFS", async () => new GridFsFileStore(url));

describe("GridFsFileStore: what a crash leaves behind", () => {
  it("finishes an interrupted upload or removal from its marker, once old enough", async () => {
    const store = new GridFsFileStore(url);
    await store.init();
    const db = client.db();
    const kept = await store.save({ ownerId: "u", name: "a", contentType: "text/plain", maxBytes: 100, source: [Buffer.from("ok")] as never });
    const chunks = db.collection("attachments.chunks");
    const pending = db.collection<{ _id: string; op: string; at: string }>("attachment_pending");
    // A crash mid-upload: a marker and some chunks, no files document.
    await pending.insertOne({ _id: "crashed", op: "upload", at: new Date(Date.now() - 3_600_000).toISOString() });
    await chunks.insertOne({ files_id: "crashed", n: 0, data: Buffer.from("half") } as never);
    // A crash mid-removal of a kept file.
    await pending.insertOne({ _id: kept.id, op: "remove", at: new Date(Date.now() - 3_600_000).toISOString() });
    expect(await store.removeOrphans(new Date(Date.now() - 7_200_000).toISOString())).toBe(0);
    expect(await store.removeOrphans(new Date(Date.now() - 60_000).toISOString())).toBe(2);
    expect(await chunks.countDocuments({ files_id: { $in: ["crashed", kept.id] } })).toBe(0);
    expect(await store.find(kept.id)).toBeNull();
    expect(await pending.countDocuments({ _id: { $in: ["crashed", kept.id] } })).toBe(0);
    await store.close();
  });
});
