import "server-only";
import busboy from "busboy";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { errors } from "@/lib/chat/errors";
import { discardRest } from "@/lib/http/handler";

/** Room for the multipart framing around the one file (boundaries, part headers, a name). */
const FRAMING_BYTES = 64 * 1024;

/**
 * Streams the one file of a multipart/form-data upload (field "file") to `store`, with
 * backpressure: busboy is fed only as fast as the store consumes, so memory stays flat whatever
 * the size. When `store` fails (a file over the limit, say), the request body is cancelled and
 * not read further. Resolves after the whole body is parsed, so a second file part is refused
 * (and the stored first one removed by `discard`).
 */
export async function receiveUpload<T>(
  req: Request,
  opts: { maxBytes: number; discard: (stored: T) => Promise<void> },
  store: (file: { name: string; source: Readable }) => Promise<T>,
): Promise<T> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) throw errors.invalid("Send the file as multipart/form-data (field \"file\")");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > opts.maxBytes + FRAMING_BYTES) {
    await req.body?.cancel().catch(() => {});
    throw errors.fileTooLarge(`A file may be at most ${opts.maxBytes} bytes`);
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8", // browsers send raw UTF-8 file names
      // One byte over the limit reaches the store, which refuses it; busboy never truncates silently.
      limits: { files: 1, fileSize: opts.maxBytes + 1, fields: 0, parts: 2, headerPairs: 20 },
    });
  } catch {
    throw errors.invalid("Malformed multipart/form-data header");
  }
  const reader = req.body?.getReader();
  if (!reader) throw errors.invalid("The upload has no body");

  let failure: unknown = null;
  let storing: Promise<T> | null = null;
  let wake = () => {};
  const failed = new Promise<"failed">((resolve) => (wake = () => resolve("failed")));
  const fail = (err: unknown) => {
    failure ??= err;
    wake();
  };
  parser.on("file", (field, stream, info) => {
    if (field !== "file" || storing) {
      stream.resume();
      return fail(errors.invalid(field !== "file" ? `Unexpected file field "${field}"; use "file"` : "One file per upload"));
    }
    storing = store({ name: info.filename ?? "", source: stream });
    storing.catch(fail);
  });
  parser.on("filesLimit", () => fail(errors.invalid("One file per upload")));
  parser.on("fieldsLimit", () => fail(errors.invalid("Only a file field is accepted")));
  parser.on("partsLimit", () => fail(errors.invalid("One file per upload")));
  const parsed = once(parser, "close").catch((err: Error) => fail(errors.invalid(`Malformed multipart body: ${err.message}`)));

  try {
    for (;;) {
      const next = await Promise.race([reader.read(), failed]);
      if (next === "failed") break;
      if (next.done) {
        parser.end();
        break;
      }
      if (!parser.write(next.value)) await Promise.race([once(parser, "drain"), parsed, failed]);
      if (failure) break;
    }
  } catch (err) {
    fail(err);
  }
  if (failure) {
    // Too large: stop reading, the rest is never pulled from the socket (Next then logs one
    // uncaughtException from its own push into the cancelled stream; see discardRest). Anything
    // else refused is small: read it to the end and drop it, which leaves nothing to log.
    if ((failure as { status?: number }).status === 413) await reader.cancel().catch(() => {});
    else discardRest(reader);
    parser.destroy();
    const stored = await (storing as Promise<T> | null)?.catch(() => null);
    if (stored) await opts.discard(stored);
    throw failure;
  }
  await parsed;
  const stored = storing ? await (storing as Promise<T>).catch((err) => (fail(err), null)) : null;
  if (failure) {
    if (stored) await opts.discard(stored);
    throw failure;
  }
  if (!stored) throw errors.invalid('No file in the upload (field "file")');
  return stored;
}
