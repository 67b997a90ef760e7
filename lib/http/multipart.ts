// No "server-only": the upload route is a Pages Router API route (pages/api/uploads.ts), where
// that package throws. ESLint keeps client code away instead.
import busboy from "busboy";
import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { errors } from "@/lib/chat/errors";

/** Room for the multipart framing around the one file (boundaries, part headers, a name). */
const FRAMING_BYTES = 64 * 1024;

/**
 * Streams the one file of a multipart/form-data upload (field "file") from Node's request to
 * `store`. `pipe` carries the backpressure all the way to the socket: when the store writes
 * slower than the client sends, the socket is paused and the kernel's window fills, so memory
 * stays flat whatever the size or the number of uploads. Resolves after the whole body is parsed,
 * so a second file part is refused (and the stored first one removed by `discard`).
 *
 * When `store` refuses a file as too large, the request is left unread (the caller answers 413
 * and closes the connection); any other refusal is small, and the rest is read and dropped so
 * that the answer reaches the client on a clean connection.
 */
export async function receiveUpload<T>(
  req: IncomingMessage,
  opts: { maxBytes: number; discard: (stored: T) => Promise<void> },
  store: (file: { name: string; source: Readable }) => Promise<T>,
): Promise<T> {
  const contentType = req.headers["content-type"] ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) throw errors.invalid("Send the file as multipart/form-data (field \"file\")");
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > opts.maxBytes + FRAMING_BYTES) throw errors.fileTooLarge(`A file may be at most ${opts.maxBytes} bytes`);
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

  let failure: unknown = null;
  let storing: Promise<T> | null = null;
  let wake = () => {};
  const failed = new Promise<void>((resolve) => (wake = resolve));
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
  const parsed = once(parser, "close").then(
    () => true,
    (err: Error) => fail(errors.invalid(`Malformed multipart body: ${err.message}`)),
  );
  // The client going away mid-upload is a failure too (busboy would wait for the rest forever).
  const aborted = () => fail(errors.invalid("The upload was interrupted"));
  req.once("aborted", aborted);
  req.once("error", aborted);
  req.pipe(parser);

  await Promise.race([parsed, failed]);
  req.off("aborted", aborted);
  if (failure) {
    req.unpipe(parser);
    parser.destroy();
    if ((failure as { status?: number }).status === 413) req.pause();
    else req.resume(); // small: read to the end and drop
    const stored = await (storing as Promise<T> | null)?.catch(() => null);
    if (stored) await opts.discard(stored);
    throw failure;
  }
  const stored = storing ? await (storing as Promise<T>).catch((err) => (fail(err), null)) : null;
  if (failure) {
    if (stored) await opts.discard(stored);
    throw failure;
  }
  if (!stored) throw errors.invalid('No file in the upload (field "file")');
  return stored;
}
