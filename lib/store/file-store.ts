import type { Readable } from "node:stream";

/** An uploaded file's metadata. Bytes are read with FileStore.read. */
export interface StoredFile {
  id: string;
  ownerId: string;
  /** Already sanitized by the caller. */
  name: string;
  size: number;
  /** Detected from the bytes by the caller. */
  contentType: string;
  width: number | null;
  height: number | null;
  createdAt: string;
  /** Set once, when the upload is attached to a message (null while unattached). */
  messageId: string | null;
  conversationId: string | null;
  attachedAt: string | null;
}

/** Inclusive byte range, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The file storage port, beside ChatStore: bytes plus the metadata that says who owns a file and
 * which message (hence conversation) it belongs to. Driver-free; adapters: disk + SQLite
 * (embedded) and GridFS (scale-out). No authorization here: rules live in lib/chat.
 */
export interface FileStore {
  readonly kind: "disk" | "gridfs";
  init(): Promise<void>;
  close(): Promise<void>;

  /**
   * Streams `source` into storage. The file becomes visible (find, read) only once every byte is
   * stored; when more than maxBytes arrive it stops reading, keeps nothing and throws
   * FileTooLargeError. An error from `source` also keeps nothing.
   */
  save(input: {
    ownerId: string;
    name: string;
    contentType: string;
    maxBytes: number;
    source: AsyncIterable<Uint8Array>;
  }): Promise<StoredFile>;
  find(id: string): Promise<StoredFile | null>;
  /** In the order given; unknown ids are left out. */
  findMany(ids: string[]): Promise<StoredFile[]>;
  /** The bytes, or the given range of them. Throws StoreNotFoundError("attachment"). */
  read(id: string, range?: ByteRange): Promise<Readable>;
  /** Records an image's size and its thumbnail (generated once, by the uploader). */
  setImage(id: string, image: { width: number; height: number; thumbnail: Buffer }): Promise<void>;
  /** The cached thumbnail, or null when none was stored. */
  readThumbnail(id: string): Promise<Buffer | null>;

  /**
   * Attaches the owner's uploads to a message, all or none, each at most once. Calling again
   * with the same messageId is a no-op (an idempotent retry of the send). Throws
   * StoreNotFoundError("attachment") when an id is unknown or not the owner's, and
   * StoreConflictError("attachment") when one is attached to another message already.
   */
  attach(input: { ids: string[]; ownerId: string; conversationId: string; messageId: string }): Promise<StoredFile[]>;
  /** Deletes bytes, thumbnail and metadata. Unknown ids are ignored. */
  remove(ids: string[]): Promise<void>;
  /** The files attached to a message (to delete them with it). */
  listForMessage(messageId: string): Promise<StoredFile[]>;

  // --- sweeping ----------------------------------------------------------------------------
  /** Uploads never attached, created before the given time, oldest first. */
  listUnattached(input: { createdBefore: string; limit: number }): Promise<StoredFile[]>;
  /** Attached files whose message the sweeper has not yet seen committed, attached before the time. */
  listUnconfirmed(input: { attachedBefore: string; limit: number }): Promise<StoredFile[]>;
  /** The sweeper saw these files' message committed: listUnconfirmed no longer returns them. */
  confirm(ids: string[]): Promise<void>;
  /**
   * Removes storage left behind by a crash (bytes without metadata, half-written uploads) older
   * than the given time. Returns how many it removed.
   */
  removeOrphans(olderThan: string): Promise<number>;
}

export class FileTooLargeError extends Error {
  readonly kind = "file_too_large" as const;
  constructor(readonly maxBytes: number) {
    super(`file is larger than ${maxBytes} bytes`);
    this.name = "FileTooLargeError";
  }
}

/** By kind, not instanceof (Next bundles routes and instrumentation apart). */
export function isFileTooLarge(err: unknown): err is FileTooLargeError {
  return err instanceof Error && (err as { kind?: unknown }).kind === "file_too_large";
}
