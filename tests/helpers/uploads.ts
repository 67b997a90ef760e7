import http from "node:http";
import type { ApiClient, ApiResponse } from "./api-client";

/** POST /api/uploads as a browser's FormData does (one file, field "file"). */
export async function upload(c: ApiClient, name: string, bytes: Uint8Array, type = "application/octet-stream"): Promise<ApiResponse> {
  const form = new FormData();
  form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  return multipart(c, form);
}

export async function multipart(c: ApiClient, form: FormData): Promise<ApiResponse> {
  const res = await fetch(`${c.baseUrl}/api/uploads`, {
    method: "POST",
    body: form,
    headers: { cookie: c.cookieHeader(), origin: c.baseUrl },
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

export interface CutResult {
  status: number | null;
  body: string;
  /** Bytes the client managed to write before the answer came. */
  sentBeforeAnswer: number;
  /** Bytes the server still took after answering (it should take next to none). */
  sentAfterAnswer: number;
  /** How the connection ended after the answer: an error code, "stalled" (not read), or "drained". */
  after: string;
}

/**
 * Uploads `total` bytes chunked (no Content-Length, so the server cannot refuse up front) and
 * keeps writing after the answer, to see whether the server reads the rest or cuts it off.
 */
export function oversizedUpload(c: ApiClient, total: number): Promise<CutResult> {
  const boundary = "----cut-test-boundary";
  const url = new URL(`${c.baseUrl}/api/uploads`);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
  const chunk = Buffer.alloc(256 * 1024, 7);
  return new Promise((resolve) => {
    const result: CutResult = { status: null, body: "", sentBeforeAnswer: 0, sentAfterAnswer: 0, after: "drained" };
    let answered = false;
    let done = false;
    const finish = (after: string) => {
      if (done) return;
      done = true;
      result.after = after;
      req.destroy();
      resolve(result);
    };
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      headers: {
        cookie: c.cookieHeader(),
        origin: c.baseUrl,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "transfer-encoding": "chunked",
      },
    });
    req.on("response", (res) => {
      answered = true;
      result.status = res.statusCode ?? null;
      res.setEncoding("utf8");
      res.on("data", (d: string) => (result.body += d));
      res.on("error", () => {});
    });
    req.on("error", (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
    req.write(head);
    let sent = 0;
    const pump = () => {
      while (!done && sent < total) {
        const ok = req.write(chunk);
        sent += chunk.length;
        if (answered) result.sentAfterAnswer += chunk.length;
        else result.sentBeforeAnswer += chunk.length;
        if (!ok) {
          // Not read any more: if nothing drains within 3 s, the server has stopped reading.
          const timer = setTimeout(() => (answered ? finish("stalled") : pump()), 3000);
          req.once("drain", () => {
            clearTimeout(timer);
            pump();
          });
          return;
        }
      }
      if (!done) finish("drained");
    };
    pump();
  });
}

/**
 * A hand-built multipart body, for file names no FormData would produce: `filename` is written
 * as RFC 5987 `filename*=UTF-8''…` (percent-encoded), so control characters reach the server.
 */
export async function uploadNamed(c: ApiClient, rawName: string, bytes: Uint8Array): Promise<ApiResponse> {
  const boundary = "----named-boundary";
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(rawName)}\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${c.baseUrl}/api/uploads`, {
    method: "POST",
    body,
    headers: { cookie: c.cookieHeader(), origin: c.baseUrl, "content-type": `multipart/form-data; boundary=${boundary}` },
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

export interface LateBodyResult {
  status: number | null;
  /** Milliseconds from sending the headers to the answer. */
  answeredAfterMs: number;
  /** The answer's Connection header. */
  connection: string | null;
  /** An error the client saw writing the body (EPIPE, ECONNRESET), or null. */
  writeError: string | null;
}

/**
 * Sends a small upload's headers, then its body `delayMs` later — as a busy client does — so that
 * a server answering before it reads the body is seen: the answer comes before the body was sent,
 * and writing the body then fails.
 */
export function lateBodyUpload(c: ApiClient, headers: Record<string, string>, delayMs: number): Promise<LateBodyResult> {
  const boundary = "----late-body-boundary";
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.txt"\r\n` +
      `Content-Type: text/plain\r\n\r\nlate\r\n--${boundary}--\r\n`,
  );
  const url = new URL(`${c.baseUrl}/api/uploads`);
  const started = Date.now();
  return new Promise((resolve) => {
    const result: LateBodyResult = { status: null, answeredAfterMs: -1, connection: null, writeError: null };
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(body.length), ...headers },
    });
    req.on("response", (res) => {
      result.status = res.statusCode ?? null;
      result.answeredAfterMs = Date.now() - started;
      result.connection = (res.headers.connection as string | undefined) ?? null;
      res.resume();
      res.on("end", () => setTimeout(() => resolve(result), 50));
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      result.writeError = err.code ?? err.message;
      if (result.status === null) resolve(result);
    });
    req.flushHeaders();
    setTimeout(() => req.end(body), delayMs);
  });
}
