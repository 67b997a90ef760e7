// No "server-only": the download routes are Pages Router API routes (pages/api/attachments/),
// where that package throws. ESLint keeps client code away instead.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
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
  // Private: access depends on membership, so no shared cache may keep it; short, since access can
  // end. no-transform: Next's gzip would drop Content-Length and break byte ranges.
  "cache-control": "private, max-age=300, no-transform",
} as const;

/**
 * Streams a stored file on Node's response, from disk or GridFS as the client reads it
 * (backpressure through pipeline): Content-Length, ETag, conditional GET (304), single byte
 * ranges (206 / 416), a HEAD without the body. X-File-Size stays for clients written against
 * the App Router version, which could not send Content-Length.
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: StoredFile, open: (range?: ByteRange) => Promise<Readable>) {
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
  if (matches(req.headers["if-none-match"], etag)) return end(res, 304, headers);

  const ifRange = req.headers["if-range"];
  const rangeHeader = ifRange && ifRange !== etag ? undefined : req.headers.range;
  const range = rangeHeader ? parseRange(rangeHeader, file.size) : undefined;
  if (range === "unsatisfiable") return end(res, 416, { ...headers, "content-range": `bytes */${file.size}`, "content-length": "0" });
  if (range) {
    headers["content-range"] = `bytes ${range.start}-${range.end}/${file.size}`;
    headers["content-length"] = String(range.end - range.start + 1);
  } else {
    headers["content-length"] = String(file.size);
  }
  // Open before the head goes out, so a missing or unreadable file is still a clean error answer.
  const body = req.method === "HEAD" ? null : await open(range || undefined);
  res.writeHead(range ? 206 : 200, headers);
  if (!body) return void res.end();
  await pipeline(body, res).catch(() => {
    // The client went away, or the storage failed mid-file: the connection is cut either way
    // (Content-Length tells the client the file is incomplete). Nothing left to answer.
    body.destroy();
    res.destroy();
  });
}

export function sendThumbnail(req: IncomingMessage, res: ServerResponse, id: string, thumbnail: Buffer) {
  const etag = `"${id}-t"`;
  const headers = { ...SAFE_HEADERS, etag, "content-type": "image/webp", "content-disposition": "inline" };
  if (matches(req.headers["if-none-match"], etag)) return end(res, 304, headers);
  res.writeHead(200, { ...headers, "content-length": String(thumbnail.length) });
  res.end(req.method === "HEAD" ? undefined : thumbnail);
}

function end(res: ServerResponse, status: number, headers: Record<string, string>) {
  res.writeHead(status, headers);
  res.end();
}

const matches = (header: string | undefined, etag: string) =>
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
