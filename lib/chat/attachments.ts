import { createHash } from "node:crypto";
import { isStoreConflict, isStoreNotFound } from "@/lib/store/chat-store";
import { isFileTooLarge, type StoredFile } from "@/lib/store/file-store";
import { newId } from "@/lib/store/ids";
import { makeThumbnail } from "@/lib/media/images";
import { isInlineImage, peek, sniffContentType, SNIFF_BYTES } from "@/lib/media/sniff";
import type { ChatDeps } from "./deps";
import { errors } from "./errors";
import { sanitizeFileName } from "./file-names";
import { idSchema } from "./schemas";
import type { Attachment } from "./types";
import { parseInput } from "./validate";

export function toAttachment(f: StoredFile): Attachment {
  return {
    id: f.id,
    name: f.name,
    size: f.size,
    contentType: f.contentType,
    ...(f.width && f.height ? { width: f.width, height: f.height } : {}),
  };
}

/**
 * Stores one uploaded file for its uploader: streamed to the FileStore (never held whole in
 * memory), typed from its first bytes, and for raster images measured and thumbnailed once.
 * Closing `source` early is how a refused upload stops reading the request.
 */
export async function uploadAttachment(
  deps: ChatDeps,
  userId: string,
  input: { name: unknown; source: AsyncIterable<Uint8Array> },
): Promise<Attachment> {
  const name = sanitizeFileName(input.name);
  const { head, stream } = await peek(input.source, SNIFF_BYTES);
  if (head.length === 0) {
    await stream.return(undefined);
    throw errors.invalid("The file is empty");
  }
  const contentType = await sniffContentType(head);
  const { maxBytes } = deps.uploads;
  let file: StoredFile;
  try {
    file = await deps.files.save({ ownerId: userId, name, contentType, maxBytes, source: stream });
  } catch (err) {
    if (isFileTooLarge(err)) throw errors.fileTooLarge(`A file may be at most ${formatBytes(maxBytes)}`);
    throw err;
  }
  if (isInlineImage(contentType)) file = (await thumbnailFor(deps, file)).file;
  return toAttachment(file);
}

/** Generates and stores the thumbnail; an image sharp cannot decode simply has none. */
async function thumbnailFor(deps: ChatDeps, file: StoredFile): Promise<{ file: StoredFile; thumbnail: Buffer | null }> {
  try {
    const image = await makeThumbnail(await deps.files.read(file.id));
    await deps.files.setImage(file.id, image);
    return { file: { ...file, width: image.width, height: image.height }, thumbnail: image.thumbnail };
  } catch (err) {
    console.warn(`[files] no thumbnail for ${file.id} (${file.contentType}): ${(err as Error).message}`);
    return { file, thumbnail: null };
  }
}

/**
 * The file, if this user may read it: a member of the conversation it was sent to, or its
 * uploader while it is unattached. Everyone else gets the same 404 as for an unknown id.
 */
export async function findVisibleAttachment(deps: ChatDeps, userId: string, attachmentId: unknown): Promise<StoredFile> {
  const id = parseInput(idSchema, attachmentId);
  const file = await deps.files.find(id);
  if (!file) throw errors.notFound("attachment");
  if (file.conversationId === null) {
    if (file.ownerId !== userId) throw errors.notFound("attachment");
    return file;
  }
  const conversation = await deps.store.findConversation(file.conversationId);
  if (!conversation?.members.some((m) => m.userId === userId)) throw errors.notFound("attachment");
  return file;
}

/** The cached thumbnail, made on first request if the upload did not make one. */
export async function attachmentThumbnail(deps: ChatDeps, userId: string, attachmentId: unknown) {
  const file = await findVisibleAttachment(deps, userId, attachmentId);
  if (!isInlineImage(file.contentType)) throw errors.notFound("thumbnail", "Only images have thumbnails");
  const cached = await deps.files.readThumbnail(file.id);
  if (cached) return { file, thumbnail: cached };
  const { thumbnail } = await thumbnailFor(deps, file);
  if (!thumbnail) throw errors.notFound("thumbnail", "This image could not be decoded");
  return { file, thumbnail };
}

/**
 * The message id used when a message carries attachments, chosen before the message exists so
 * the files can be claimed for it first. A retry with the same clientId gets the same id.
 */
export function messageIdFor(conversationId: string, senderId: string, clientId: string | undefined): string {
  if (!clientId) return newId();
  const digest = createHash("sha256").update(`${conversationId}\n${senderId}\n${clientId}`).digest();
  return digest.subarray(0, 16).toString("base64url");
}

/** Claims the sender's uploads for a message: all or none, each upload once. */
export async function claimAttachments(
  deps: ChatDeps,
  input: { ids: string[]; ownerId: string; conversationId: string; messageId: string },
): Promise<Attachment[]> {
  if (input.ids.length === 0) return [];
  if (input.ids.length > deps.uploads.maxFiles) {
    throw errors.invalid(`A message may carry at most ${deps.uploads.maxFiles} files`);
  }
  try {
    return (await deps.files.attach(input)).map(toAttachment);
  } catch (err) {
    if (isStoreNotFound(err)) throw errors.notFound("attachment", "An upload was not found (or is not yours)");
    if (isStoreConflict(err)) throw errors.conflict("attachment", "An upload is already attached to another message");
    throw err;
  }
}

/** Deletes a message's files from storage (before its tombstone: see docs/decisions.md). */
export async function removeMessageFiles(deps: ChatDeps, messageId: string) {
  const files = await deps.files.listForMessage(messageId);
  await deps.files.remove(files.map((f) => f.id));
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
