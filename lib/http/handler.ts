import "server-only";
import { NextResponse } from "next/server";
import { errors } from "@/lib/chat/errors";
import type { User } from "@/lib/chat/types";
import { requireSession } from "@/lib/auth/session";
import { container, type Container } from "@/lib/server/container";
import { StoreUnavailableError, describeError, isStoreUnavailable } from "@/lib/store/store-fault";
import { errorResponse } from "./error-response";

export { errorResponse };
import { isSameOriginRequest } from "./origin";
import { isJsonContentType, MAX_JSON_BYTES, tooLarge } from "./json-body";

export { MAX_JSON_BYTES };

type Params = Record<string, string>;
type Context = { params: Promise<Params> };
export interface HandlerArgs {
  req: Request;
  params: Params;
  deps: Container;
  user: User;
  /** The caller's sign-in (e.g. the one a password change keeps while revoking the others). */
  sessionId: string;
}

export function json(data: unknown, status = 200) {
  return NextResponse.json(data, { status, headers: { "cache-control": "no-store" } });
}

/** Wraps a handler: errors become JSON responses; `auth` (default) requires a signed-in user. */
export function route(fn: (args: HandlerArgs) => Promise<Response>): (req: Request, ctx: Context) => Promise<Response>;
export function route(
  fn: (args: Omit<HandlerArgs, "user" | "sessionId">) => Promise<Response>,
  opts: { auth: false },
): (req: Request, ctx: Context) => Promise<Response>;
export function route(fn: (args: HandlerArgs) => Promise<Response>, opts: { auth?: boolean } = {}) {
  return async (req: Request, ctx: Context) => {
    try {
      // Before anything else: a cross-site request changes nothing, signed in or not (CSRF).
      if (!isSameOriginRequest(req.method, req.headers)) throw errors.crossOrigin();
      const params = (await ctx?.params) ?? {};
      const deps = await connected();
      const session = opts.auth === false ? null : await requireSession();
      return await fn({ req, params, deps, user: session?.user as User, sessionId: session?.sessionId as string });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * Answers at once but reads the rest of an oversized body in the background, dropping each chunk.
 * Not `reader.cancel()`: Next pushes the socket's data into the request stream without waiting
 * (next/dist/server/body-streams.js), and its next push into a cancelled stream is an
 * uncaughtException. Draining keeps memory flat: nothing read is kept.
 */
export function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>) {
  void (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      /* the client went away */
    }
  })();
}

/** Reads a body as text with a size cap: 413 when too large (declared or actual). */
export async function readText(req: Request, maxBytes = MAX_JSON_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const reader = req.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      discardRest(reader);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The adapters, or a 503 while the database cannot be reached (the next request retries). */
async function connected(): Promise<Container> {
  try {
    return await container();
  } catch (err) {
    if (isStoreUnavailable(err)) throw err;
    throw new StoreUnavailableError({ reason: "unreachable", heals: true }, `connect: ${describeError(err)}`);
  }
}

/** Reads a JSON body with a size cap: 413 when too large, 400 when not JSON. */
export async function readJson(req: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  if (!isJsonContentType(req.headers.get("content-type"))) {
    throw errors.unsupportedMedia("Send the body as JSON (content-type: application/json)");
  }
  const text = await readText(req, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw errors.invalid("Request body must be valid JSON");
  }
}

export function searchParams(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}
