import type Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { StoreConflictError, StoreNotFoundError } from "../chat-store";
import { FileTooLargeError, type ByteRange, type FileStore, type StoredFile } from "../file-store";
import { newId } from "../ids";
import { openDatabase } from "./database";

interface FileRow {
  id: string;
  owner_id: string;
  name: string;
  size: number;
  content_type: string;
  width: number | null;
  height: number | null;
  created_at: string;
  message_id: string | null;
  conversation_id: string | null;
  attached_at: string | null;
}

/**
 * Own table, created here rather than in the chat migrations: the file store may be pointed at
 * any SQLite file and evolves apart from the chat schema.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    created_at TEXT NOT NULL,
    message_id TEXT,
    conversation_id TEXT,
    attached_at TEXT,
    confirmed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS files_message ON files(message_id) WHERE message_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS files_unattached ON files(created_at) WHERE message_id IS NULL;
  CREATE INDEX IF NOT EXISTS files_unconfirmed ON files(attached_at) WHERE message_id IS NOT NULL AND confirmed = 0;
`;

const BUSY_WAIT_MS = 5_000;

const toFile = (r: FileRow): StoredFile => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  size: r.size,
  contentType: r.content_type,
  width: r.width,
  height: r.height,
  createdAt: r.created_at,
  messageId: r.message_id,
  conversationId: r.conversation_id,
  attachedAt: r.attached_at,
});

/**
 * Embedded mode: bytes in `<dir>/<id>`, thumbnails in `<dir>/<id>.thumb`, metadata in SQLite.
 * An upload is written to `<dir>/tmp/` and renamed into place inside the transaction that
 * inserts its row, so a row never points at a partial file; a crash can only leave bytes without
 * a row, which removeOrphans deletes.
 */
export class DiskFileStore implements FileStore {
  readonly kind = "disk" as const;
  private db!: Database.Database;
  private readonly tmp: string;

  constructor(
    private readonly url: string,
    private readonly dir: string,
  ) {
    this.tmp = path.join(dir, "tmp");
  }

  async init() {
    if (this.db) return;
    fs.mkdirSync(this.tmp, { recursive: true });
    this.db = openDatabase(this.url);
    this.db.exec(SCHEMA);
  }

  async close() {
    if (this.db?.open) this.db.close();
  }

  /**
   * A write transaction (BEGIN IMMEDIATE). The database is shared with the chat store and other
   * processes and runs without SQLite's blocking busy_timeout, so a busy lock is waited for here,
   * on timers; a transaction that failed busy ran nothing, so running it again is safe.
   */
  private async write<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (let delay = 2; ; delay = Math.min(50, delay * 2)) {
      try {
        return this.db.transaction(fn).immediate();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if ((code !== "SQLITE_BUSY" && code !== "SQLITE_LOCKED") || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, delay * (0.5 + Math.random())));
      }
    }
  }

  private file(id: string) {
    return path.join(this.dir, id);
  }

  async save(input: { ownerId: string; name: string; contentType: string; maxBytes: number; source: AsyncIterable<Uint8Array> }) {
    const id = newId();
    const tmp = path.join(this.tmp, id);
    const handle = await fs.promises.open(tmp, "wx", 0o600);
    let size = 0;
    try {
      for await (const chunk of input.source) {
        size += chunk.byteLength;
        if (size > input.maxBytes) throw new FileTooLargeError(input.maxBytes);
        await handle.write(chunk);
      }
      await handle.sync();
    } catch (err) {
      await handle.close().catch(() => {});
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
    await handle.close();
    const row: FileRow = {
      id,
      owner_id: input.ownerId,
      name: input.name,
      size,
      content_type: input.contentType,
      width: null,
      height: null,
      created_at: new Date().toISOString(),
      message_id: null,
      conversation_id: null,
      attached_at: null,
    };
    try {
      await this.write(() => {
        this.db
          .prepare(
            `INSERT INTO files (id, owner_id, name, size, content_type, created_at)
             VALUES (@id, @owner_id, @name, @size, @content_type, @created_at)`,
          )
          .run(row);
        fs.renameSync(tmp, this.file(id)); // a failed rename rolls the row back
      });
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
    return toFile(row);
  }

  async find(id: string) {
    const row = this.db.prepare(`SELECT * FROM files WHERE id = ?`).get(id) as FileRow | undefined;
    return row ? toFile(row) : null;
  }

  async findMany(ids: string[]) {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT * FROM files WHERE id IN (${ids.map(() => "?").join(",")})`)
      .all(...ids) as FileRow[];
    const byId = new Map(rows.map((r) => [r.id, toFile(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async read(id: string, range?: ByteRange): Promise<Readable> {
    if (!(await this.find(id))) throw new StoreNotFoundError("attachment");
    return fs.createReadStream(this.file(id), range ? { start: range.start, end: range.end } : {});
  }

  async setImage(id: string, image: { width: number; height: number; thumbnail: Buffer }) {
    const tmp = path.join(this.tmp, `${id}.thumb`);
    await fs.promises.writeFile(tmp, image.thumbnail, { mode: 0o600 });
    await fs.promises.rename(tmp, this.file(`${id}.thumb`));
    await this.write(() => this.db.prepare(`UPDATE files SET width = ?, height = ? WHERE id = ?`).run(image.width, image.height, id));
  }

  async readThumbnail(id: string) {
    return fs.promises.readFile(this.file(`${id}.thumb`)).catch(() => null);
  }

  async attach(input: { ids: string[]; ownerId: string; conversationId: string; messageId: string }) {
    return this.write(() => {
      const files = input.ids.map((id) => {
        const row = this.db.prepare(`SELECT * FROM files WHERE id = ?`).get(id) as FileRow | undefined;
        if (!row || row.owner_id !== input.ownerId) throw new StoreNotFoundError("attachment");
        if (row.message_id !== null && row.message_id !== input.messageId) throw new StoreConflictError("attachment");
        return row;
      });
      const at = new Date().toISOString();
      const set = this.db.prepare(
        `UPDATE files SET message_id = ?, conversation_id = ?, attached_at = ? WHERE id = ? AND message_id IS NULL`,
      );
      return files.map((row) => {
        if (row.message_id === null) {
          set.run(input.messageId, input.conversationId, at, row.id);
          Object.assign(row, { message_id: input.messageId, conversation_id: input.conversationId, attached_at: at });
        }
        return toFile(row);
      });
    });
  }

  async remove(ids: string[]) {
    if (ids.length === 0) return;
    const del = this.db.prepare(`DELETE FROM files WHERE id = ?`);
    await this.write(() => ids.forEach((id) => del.run(id)));
    // Row first, bytes second: a crash in between leaves bytes without a row (an orphan).
    for (const id of ids) {
      if (!/^[A-Za-z0-9_-]+$/.test(id)) continue;
      await fs.promises.rm(this.file(id), { force: true });
      await fs.promises.rm(this.file(`${id}.thumb`), { force: true });
    }
  }

  async listForMessage(messageId: string) {
    return (this.db.prepare(`SELECT * FROM files WHERE message_id = ?`).all(messageId) as FileRow[]).map(toFile);
  }

  async listUnattached({ createdBefore, limit }: { createdBefore: string; limit: number }) {
    const rows = this.db
      .prepare(`SELECT * FROM files WHERE message_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?`)
      .all(createdBefore, limit) as FileRow[];
    return rows.map(toFile);
  }

  async listUnconfirmed({ attachedBefore, limit }: { attachedBefore: string; limit: number }) {
    const rows = this.db
      .prepare(
        `SELECT * FROM files WHERE message_id IS NOT NULL AND confirmed = 0 AND attached_at < ? ORDER BY attached_at LIMIT ?`,
      )
      .all(attachedBefore, limit) as FileRow[];
    return rows.map(toFile);
  }

  async confirm(ids: string[]) {
    const set = this.db.prepare(`UPDATE files SET confirmed = 1 WHERE id = ?`);
    await this.write(() => ids.forEach((id) => set.run(id)));
  }

  async removeOrphans(olderThan: string) {
    const cutoff = Date.parse(olderThan);
    const has = this.db.prepare(`SELECT 1 FROM files WHERE id = ?`);
    let removed = 0;
    const sweep = async (dir: string, orphan: (name: string) => boolean) => {
      for (const name of await fs.promises.readdir(dir)) {
        const full = path.join(dir, name);
        const stat = await fs.promises.stat(full).catch(() => null);
        if (!stat?.isFile() || stat.mtimeMs >= cutoff || !orphan(name)) continue;
        await fs.promises.rm(full, { force: true });
        removed++;
      }
    };
    await sweep(this.tmp, () => true);
    await sweep(this.dir, (name) => !has.get(name.replace(/\.thumb$/, "")));
    return removed;
  }
}

export function createDiskFileStore(url: string, dir: string): FileStore {
  return new DiskFileStore(url, dir);
}
