import { fileTypeFromBuffer } from "file-type";

/** How many leading bytes the detector needs (file-type's own minimum for every format). */
export const SNIFF_BYTES = 4100;

/** The only types ever served inline: raster images a browser decodes without running anything. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export const isInlineImage = (contentType: string) => INLINE_IMAGE_TYPES.has(contentType);

/**
 * The content type from the bytes, never from the client. Formats without a signature (SVG,
 * HTML, plain text) come out as text/plain when they are UTF-8 text, else octet-stream: either
 * way a download, never something the browser renders.
 */
export async function sniffContentType(head: Uint8Array): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  return looksLikeText(head) ? "text/plain" : "application/octet-stream";
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    // A multi-byte character may be cut at the end of the head: ignore the last 3 bytes.
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads the first `n` bytes of a stream and gives back a stream of all of it, head included.
 * Closing the returned stream early closes the source (so a refused upload stops reading).
 */
export async function peek(source: AsyncIterable<Uint8Array>, n: number) {
  const it = source[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  while (length < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    parts.push(r.value);
    length += r.value.byteLength;
  }
  const head = Buffer.concat(parts);
  async function* all() {
    try {
      if (head.length > 0) yield head;
      while (!ended) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  }
  return { head, stream: all() };
}
