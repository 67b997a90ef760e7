import "server-only";
import { Readable } from "node:stream";
import type { ByteRange, StoredFile } from "@/lib/store/file-store";
import { isInlineImage } from "@/lib/media/sniff";

/**
 * What every file response carries: nothing in it may run. nosniff stops content-type guessing,
 * the CSP forbids scripts, plugins and framing (and sandboxes the document if one is opened), and
 * CORP keeps other sites from embedding it.
 */
const SAFE_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox",
  "cross-origin-resource-policy": "same-origin",
  // Private: access depends on membership, so no shared cache may keep it; short, since access can end.
  "cache-control": "private, max-age=300",
} as const;

/**
 * Streams a stored file: ETag, conditional GET (304), single byte ranges (206 / 416).
 * Content-Length is set here, but Next 16 drops it from every route handler response (it
 * forwards no framing headers, see next/dist/server/send-response.js), so clients see chunked
 * transfer; X-File-Size and Content-Range carry the size instead. See docs/decisions.md.
 */
export async function fileResponse(req: Request, file: StoredFile, open: (range?: ByteRange) => Promise<Readable>) {
  const etag = `"${file.id}"`; // the bytes behind an id never change
  const inline = isInlineImage(file.contentType);
  const headers: Record<string, string> = {
    ...SAFE_HEADERS,
    etag,
    "accept-ranges": "bytes",
    "x-file-size": String(file.size),
    "content-type": file.contentType,
    "content-disposition": contentDisposition(inline ? "inline" : "attachment", file.name),
  };
  if (matches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });

  const ifRange = req.headers.get("if-range");
  const rangeHeader = ifRange && ifRange !== etag ? null : req.headers.get("range");
  const range = rangeHeader ? parseRange(rangeHeader, file.size) : undefined;
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...headers, "content-range": `bytes */${file.size}` } });
  }
  if (range) {
    headers["content-range"] = `bytes ${range.start}-${range.end}/${file.size}`;
    headers["content-length"] = String(range.end - range.start + 1);
    return new Response(toWeb(await open(range)), { status: 206, headers });
  }
  headers["content-length"] = String(file.size);
  return new Response(toWeb(await open()), { status: 200, headers });
}

export function thumbnailResponse(req: Request, id: string, thumbnail: Buffer) {
  const etag = `"${id}-t"`;
  const headers = { ...SAFE_HEADERS, etag, "content-type": "image/webp", "content-disposition": "inline" };
  if (matches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(thumbnail), { status: 200, headers: { ...headers, "content-length": String(thumbnail.length) } });
}

function toWeb(stream: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
}

const matches = (header: string | null, etag: string) =>
  !!header && header.split(",").some((t) => t.trim() === etag || t.trim() === "*");

/**
 * One range of `bytes=a-b`, `bytes=a-` or `bytes=-n`. Several ranges, or a malformed header, are
 * ignored (the whole file is sent, as RFC 9110 allows); a range past the end is unsatisfiable.
 */
export function parseRange(header: string, size: number): ByteRange | "unsatisfiable" | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return "unsatisfiable";
  if (end < start) return undefined;
  return { start, end };
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(type: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
