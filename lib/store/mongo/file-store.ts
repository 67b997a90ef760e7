import { once } from "node:events";
import type { Readable } from "node:stream";
import { Binary, GridFSBucket, MongoClient, type Collection, type Db } from "mongodb";
import { StoreConflictError, StoreNotFoundError } from "../chat-store";
import { FileTooLargeError, type ByteRange, type FileStore, type StoredFile } from "../file-store";
import { newId } from "../ids";
import { isDuplicateKey } from "./documents";
import { ensureIndexes } from "./indexes";

interface FileDoc {
  _id: string;
  length: number;
  filename: string;
  metadata: {
    ownerId: string;
    contentType: string;
    createdAt: string;
    width: number | null;
    height: number | null;
    /** A hint for the sweep, set after the claim; the claim is the truth. */
    attached?: boolean;
  };
}
/** The attachment of one file to one message: insert-once against the unique _id (the file id). */
interface ClaimDoc {
  _id: string;
  messageId: string;
  conversationId: string;
  attachedAt: string;
  confirmed: boolean;
}
/** Work in flight (an upload, a removal): what a crash in the middle must let the sweep finish. */
interface PendingDoc {
  _id: string;
  op: "upload" | "remove";
  at: string;
}

const BUCKET = "attachments";

/**
 * Scale-out mode: bytes in GridFS (bucket "attachments", official driver), so every instance
 * serves every file. Attaching is an insert into attachment_claims keyed by the file id —
 * FerretDB v1 applies updates as read-modify-write, so a conditional update could attach one
 * upload twice; a unique insert cannot (see docs/decisions.md).
 */
export class GridFsFileStore implements FileStore {
  readonly kind = "gridfs" as const;
  private readonly client: MongoClient;
  private readonly db: Db;
  private readonly bucket: GridFSBucket;
  private readonly files: Collection<FileDoc>;
  private readonly claims: Collection<ClaimDoc>;
  private readonly thumbs: Collection<{ _id: string; data: Binary }>;
  private readonly pending: Collection<PendingDoc>;

  constructor(url: string) {
    this.client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000, ignoreUndefined: true, appName: "chat-files" });
    this.db = this.client.db();
    this.bucket = new GridFSBucket(this.db, { bucketName: BUCKET });
    this.files = this.db.collection<FileDoc>(`${BUCKET}.files`);
    this.claims = this.db.collection<ClaimDoc>("attachment_claims");
    this.thumbs = this.db.collection("attachment_thumbs");
    this.pending = this.db.collection<PendingDoc>("attachment_pending");
  }

  async init() {
    await this.client.connect();
    await ensureIndexes(this.files, [{ key: { "metadata.createdAt": 1 }, name: "created" }]);
    await ensureIndexes(this.db.collection(`${BUCKET}.chunks`), [{ key: { files_id: 1, n: 1 }, name: "files_id_1_n_1", unique: true }]);
    await ensureIndexes(this.claims, [
      { key: { messageId: 1 }, name: "message" },
      { key: { confirmed: 1, attachedAt: 1 }, name: "unconfirmed" },
    ]);
    await ensureIndexes(this.pending, [{ key: { at: 1 }, name: "at" }]);
  }

  async close() {
    await this.client.close();
  }

  async save(input: { ownerId: string; name: string; contentType: string; maxBytes: number; source: AsyncIterable<Uint8Array> }) {
    const id = newId();
    const createdAt = new Date().toISOString();
    await this.pending.insertOne({ _id: id, op: "upload", at: createdAt });
    const metadata = { ownerId: input.ownerId, contentType: input.contentType, createdAt, width: null, height: null };
    const upload = this.bucket.openUploadStreamWithId(id as never, input.name, { metadata });
    // Errors reach us through once(); after abort(), buffered writes fail and must not crash.
    upload.on("error", () => {});
    let size = 0;
    try {
      for await (const chunk of input.source) {
        size += chunk.byteLength;
        if (size > input.maxBytes) throw new FileTooLargeError(input.maxBytes);
        if (!upload.write(chunk)) await once(upload, "drain");
      }
      upload.end();
      await once(upload, "finish");
    } catch (err) {
      await upload.abort().catch(() => {}); // deletes the chunks written so far
      await this.pending.deleteOne({ _id: id }).catch(() => {});
      throw err;
    }
    await this.pending.deleteOne({ _id: id });
    return toFile({ _id: id, length: size, filename: input.name, metadata }, null);
  }

  async find(id: string) {
    const [file] = await this.findMany([id]);
    return file ?? null;
  }

  async findMany(ids: string[]) {
    if (ids.length === 0) return [];
    const [docs, claims] = await Promise.all([
      this.files.find({ _id: { $in: ids } }).toArray(),
      this.claims.find({ _id: { $in: ids } }).toArray(),
    ]);
    const byId = new Map(docs.map((d) => [d._id, d]));
    const claimOf = new Map(claims.map((c) => [c._id, c]));
    return ids.flatMap((id) => (byId.has(id) ? [toFile(byId.get(id)!, claimOf.get(id) ?? null)] : []));
  }

  async read(id: string, range?: ByteRange): Promise<Readable> {
    if (!(await this.files.findOne({ _id: id }, { projection: { _id: 1 } }))) throw new StoreNotFoundError("attachment");
    // GridFS ranges are end-exclusive.
    return this.bucket.openDownloadStream(id as never, range ? { start: range.start, end: range.end + 1 } : {});
  }

  async setImage(id: string, image: { width: number; height: number; thumbnail: Buffer }) {
    await this.thumbs.replaceOne({ _id: id }, { data: new Binary(image.thumbnail) }, { upsert: true });
    await this.files.updateOne({ _id: id }, { $set: { "metadata.width": image.width, "metadata.height": image.height } });
  }

  async readThumbnail(id: string) {
    const doc = await this.thumbs.findOne({ _id: id });
    return doc ? Buffer.from(doc.data.buffer) : null;
  }

  async attach(input: { ids: string[]; ownerId: string; conversationId: string; messageId: string }) {
    const files = await this.findMany(input.ids);
    if (files.length !== input.ids.length || files.some((f) => f.ownerId !== input.ownerId)) {
      throw new StoreNotFoundError("attachment");
    }
    const attachedAt = new Date().toISOString();
    const inserted: string[] = [];
    for (const file of files) {
      const claim = { _id: file.id, messageId: input.messageId, conversationId: input.conversationId, attachedAt, confirmed: false };
      try {
        await this.claims.insertOne(claim);
        inserted.push(file.id);
        Object.assign(file, { messageId: input.messageId, conversationId: input.conversationId, attachedAt });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await this.claims.findOne({ _id: file.id });
        if (existing?.messageId === input.messageId) continue; // the same send, retried
        await this.claims.deleteMany({ _id: { $in: inserted }, messageId: input.messageId });
        throw new StoreConflictError("attachment");
      }
    }
    await this.files.updateMany({ _id: { $in: inserted } }, { $set: { "metadata.attached": true } });
    return files;
  }

  async remove(ids: string[]) {
    for (const id of ids) {
      await this.pending.replaceOne({ _id: id }, { op: "remove", at: new Date().toISOString() }, { upsert: true });
      await this.erase(id);
    }
  }

  /** Chunks, thumbnail, claim, then the files document and the marker: idempotent, resumable. */
  private async erase(id: string) {
    await this.db.collection(`${BUCKET}.chunks`).deleteMany({ files_id: id });
    await this.thumbs.deleteOne({ _id: id });
    await this.claims.deleteOne({ _id: id });
    await this.files.deleteOne({ _id: id });
    await this.pending.deleteOne({ _id: id });
  }

  async listForMessage(messageId: string) {
    const claims = await this.claims.find({ messageId }).toArray();
    return this.findMany(claims.map((c) => c._id));
  }

  async listUnattached({ createdBefore, limit }: { createdBefore: string; limit: number }) {
    const docs = await this.files
      .find({ "metadata.attached": { $ne: true }, "metadata.createdAt": { $lt: createdBefore } })
      .sort({ "metadata.createdAt": 1 })
      .limit(limit)
      .toArray();
    const claimed = await this.claims.find({ _id: { $in: docs.map((d) => d._id) } }, { projection: { _id: 1 } }).toArray();
    // A crash between claim and hint: repair the hint, and never report a claimed file.
    if (claimed.length > 0) await this.files.updateMany({ _id: { $in: claimed.map((c) => c._id) } }, { $set: { "metadata.attached": true } });
    const taken = new Set(claimed.map((c) => c._id));
    return docs.filter((d) => !taken.has(d._id)).map((d) => toFile(d, null));
  }

  async listUnconfirmed({ attachedBefore, limit }: { attachedBefore: string; limit: number }) {
    const claims = await this.claims
      .find({ confirmed: false, attachedAt: { $lt: attachedBefore } })
      .sort({ attachedAt: 1 })
      .limit(limit)
      .toArray();
    return this.findMany(claims.map((c) => c._id));
  }

  async confirm(ids: string[]) {
    if (ids.length > 0) await this.claims.updateMany({ _id: { $in: ids } }, { $set: { confirmed: true } });
  }

  async removeOrphans(olderThan: string) {
    const stale = await this.pending.find({ at: { $lt: olderThan } }).toArray();
    let removed = 0;
    for (const p of stale) {
      // An upload whose files document exists finished; only its marker was left behind.
      const finished = p.op === "upload" && (await this.files.findOne({ _id: p._id }, { projection: { _id: 1 } }));
      if (finished) await this.pending.deleteOne({ _id: p._id });
      else {
        await this.erase(p._id);
        removed++;
      }
    }
    return removed;
  }
}

function toFile(d: FileDoc, claim: ClaimDoc | null): StoredFile {
  return {
    id: d._id,
    ownerId: d.metadata.ownerId,
    name: d.filename,
    size: d.length,
    contentType: d.metadata.contentType,
    width: d.metadata.width ?? null,
    height: d.metadata.height ?? null,
    createdAt: d.metadata.createdAt,
    messageId: claim?.messageId ?? null,
    conversationId: claim?.conversationId ?? null,
    attachedAt: claim?.attachedAt ?? null,
  };
}

export function createGridFsFileStore(url: string): FileStore {
  return new GridFsFileStore(url);
}
