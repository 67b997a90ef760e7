// No "server-only": Pages Router API routes use this (see pages/api/stream.ts for why they exist),
// and that package throws there. ESLint keeps client code away instead.
import type { IncomingHttpHeaders } from "node:http";
import type { NextApiRequest, NextApiResponse } from "next";
import { sessionFromCookieHeader } from "@/lib/auth/session-user";
import { errors } from "@/lib/chat/errors";
import type { User } from "@/lib/chat/types";
import { containerForPages } from "@/lib/server/built-container";
import type { Container } from "@/lib/server/container";
import { errorResponse } from "./error-response";
import { isSameOriginRequest } from "./origin";

export interface NodeHandlerArgs {
  req: NextApiRequest;
  res: NextApiResponse;
  params: Record<string, string>;
  deps: Container;
  user: User;
  sessionId: string;
}

type NodeHandler = (args: NodeHandlerArgs) => Promise<void>;

/**
 * The route() wrapper (lib/http/handler.ts) for a Pages Router API route, which holds Node's own
 * request and response: the same origin rule, session check, error shapes and no-store; 405 for
 * other methods (HEAD is answered by GET, without a body). Used where the App Router cannot do
 * the job: a request body read with backpressure (uploads), a response with Content-Length
 * (downloads), and the message writes (send, edit, delete, reactions), whose per-request cost the
 * App Router's request preparation and web stream conversions dominated. See docs/decisions.md.
 */
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export function nodeRoute(methods: Partial<Record<Method, NodeHandler>>) {
  return async (req: NextApiRequest, res: NextApiResponse) => {
    try {
      const method = req.method === "HEAD" ? "GET" : (req.method as Method);
      const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
      if (!handler) {
        res.setHeader("allow", Object.keys(methods).flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])).join(", "));
        return sendJson(res, 405, { error: { code: "bad_request:method", message: `Use ${Object.keys(methods).join(" or ")}` } });
      }
      if (!isSameOriginRequest(req.method ?? "GET", headerReader(req.headers))) throw errors.crossOrigin();
      const deps = await containerForPages();
      const session = await sessionFromCookieHeader(deps, req.headers.cookie);
      if (!session) throw errors.unauthorized();
      const params = Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === "string"));
      await handler({ req, res, params, deps, user: session.user, sessionId: session.sessionId });
    } catch (err) {
      await sendError(req, res, err);
    }
  };
}

export function sendJson(res: NextApiResponse, status: number, data: unknown) {
  const body = Buffer.from(JSON.stringify(data));
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-length", body.length);
  res.end(body);
}

/** A refused request body up to this size is read and dropped before the answer (see sendError). */
const DRAIN_LIMIT = 1024 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * The JSON error answer of errorResponse(), on Node's response. A small body that was not read
 * (a request refused before its upload was parsed: wrong origin, no session, store down) is read
 * and dropped first: answering while the client still writes would make Node close the socket
 * under it, and the client would see a broken pipe instead of the answer. A large or unbounded
 * one (an upload over the size limit) is answered with `Connection: close`: Node then closes the
 * socket after the answer instead of reading the rest to reuse it.
 */
export async function sendError(req: NextApiRequest, res: NextApiResponse, err: unknown) {
  if (res.headersSent) return void res.destroy(); // a download failed mid-way: the client sees a cut
  await drainSmallBody(req);
  const answer = errorResponse(err);
  const body = Buffer.from(await answer.text());
  res.statusCode = answer.status;
  answer.headers.forEach((value, key) => res.setHeader(key, value));
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-length", body.length);
  if (!req.complete && req.readableFlowing !== true) res.setHeader("connection", "close");
  res.end(body);
}

async function drainSmallBody(req: NextApiRequest) {
  if (req.complete || req.readableFlowing === true || req.destroyed) return;
  const declared = Number(req.headers["content-length"]);
  if (!Number.isFinite(declared) || declared > DRAIN_LIMIT) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, DRAIN_TIMEOUT_MS);
    const done = () => (clearTimeout(timer), resolve());
    req.once("end", done).once("close", done).once("error", done);
    req.resume();
  });
}

function headerReader(headers: IncomingHttpHeaders) {
  return {
    get(name: string) {
      const v = headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}
