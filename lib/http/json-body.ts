// No "server-only": Pages Router API routes use this (lib/http/node-route.ts), and that package
// throws there. ESLint keeps client code away instead.
import type { IncomingMessage } from "node:http";
import { errors } from "@/lib/chat/errors";

/** The cap on every JSON request body (App Router routes and Pages Router routes alike). */
export const MAX_JSON_BYTES = 64 * 1024;

/** JSON only: a form or text/plain body is what a cross-site form can send without asking. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

export function isJsonContentType(value: string | null | undefined) {
  return JSON_TYPE.test(value ?? "");
}

export const tooLarge = (maxBytes: number) => errors.tooLarge(`Request body is larger than ${maxBytes} bytes`);

/**
 * readJson() of lib/http/handler.ts on Node's own request: 415 unless JSON, 413 when larger than
 * the cap (declared, or counted as it arrives when chunked), 400 when not JSON.
 */
export async function readNodeJson(req: IncomingMessage, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  if (!isJsonContentType(req.headers["content-type"])) {
    throw errors.unsupportedMedia("Send the body as JSON (content-type: application/json)");
  }
  const text = await readNodeText(req, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw errors.invalid("Request body must be valid JSON");
  }
}

/**
 * The body as text, at most `maxBytes`. Past the cap it rejects at once and leaves the request
 * flowing with no listener, so the rest is read and dropped (memory stays flat, and the answer
 * reaches the client on a connection that stays usable), as the App Router side does.
 */
export function readNodeText(req: IncomingMessage, maxBytes = MAX_JSON_BYTES): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData).off("end", onEnd).off("error", onFail).off("aborted", onFail);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      cleanup();
      chunks.length = 0;
      reject(tooLarge(maxBytes));
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8"));
    };
    // The client went away mid-body: nobody reads the answer, but it must not be a logged 500.
    const onFail = () => {
      cleanup();
      reject(errors.invalid("The request body was interrupted"));
    };
    req.on("data", onData).on("end", onEnd).on("error", onFail).on("aborted", onFail);
  });
}
