import http from "node:http";
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/**
 * HTTP from a chosen loopback address (127.0.0.0/8 all reaches a server on 127.0.0.1), so a test
 * can be several clients with distinct socket addresses. Keeps cookies like a browser.
 */
export class Peer {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    readonly localAddress = "127.0.0.1",
  ) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  request(method: string, path: string, opts: { body?: string; headers?: Record<string, string>; chunked?: boolean; timeoutMs?: number } = {}): Promise<RawResponse> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      let responded = false;
      const headers: Record<string, string> = { cookie: this.cookieHeader(), ...opts.headers };
      if (opts.chunked) headers["transfer-encoding"] = "chunked";
      else if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, localAddress: this.localAddress, agent: false },
        (res) => {
          responded = true;
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            for (const c of res.headers["set-cookie"] ?? []) {
              const [pair] = c.split(";");
              const i = pair.indexOf("=");
              this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
            }
            const text = Buffer.concat(chunks).toString("utf8");
            let json: unknown = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.setTimeout(opts.timeoutMs ?? 15_000, () => req.destroy(new Error(`no answer to ${method} ${path} within ${opts.timeoutMs ?? 15_000} ms`)));
      // A server that answers early (413) may close while the body is still being written.
      req.on("error", (err) => setTimeout(() => responded || reject(err), 200));
      if (opts.body !== undefined && opts.chunked) {
        // Written in 16 KiB chunks; the server may answer (and close) before all of it is sent.
        const buf = Buffer.from(opts.body);
        const write = (i: number): void => {
          if (i >= buf.length) return void req.end();
          if (req.destroyed) return;
          if (req.write(buf.subarray(i, i + 16_384))) write(i + 16_384);
          else req.once("drain", () => write(i + 16_384));
        };
        write(0);
      } else {
        if (opts.body !== undefined) req.write(opts.body);
        req.end();
      }
    });
  }

  /** next-auth's credentials sign-in (csrf token first, as the browser does): the callback's status. */
  async signIn(username: string, password: string, headers: Record<string, string> = {}): Promise<number> {
    const csrf = await this.request("GET", "/api/auth/csrf", { headers });
    const body = new URLSearchParams({ csrfToken: csrf.json.csrfToken, username, password, json: "true" }).toString();
    const res = await this.request("POST", "/api/auth/callback/credentials", {
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });
    return res.status;
  }
}

/**
 * Sends only the head of a request (a declared Content-Length and a few bytes of body) over a raw
 * socket and resolves with the status line the server answers with, or null after timeoutMs.
 */
export function partialBody(baseUrl: string, head: string, bodyStart: string, timeoutMs = 10_000): Promise<string | null> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(head + bodyStart));
    let got = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, timeoutMs);
    socket.on("data", (b) => {
      got += b.toString();
      const line = got.split("\r\n")[0];
      if (got.includes("\r\n")) {
        clearTimeout(timer);
        socket.destroy();
        resolve(line);
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(got ? got.split("\r\n")[0] : null);
    });
  });
}

/**
 * Streams a chunked body of totalBytes over a raw socket, as fast as the server takes it, and
 * resolves with the status line and how many body bytes were sent when it arrived (null on
 * timeout). Writing stops at the answer, so a server that answers early is seen doing so.
 */
export function chunkedUpload(baseUrl: string, head: string, totalBytes: number, timeoutMs = 10_000): Promise<{ status: string; sentBytes: number } | null> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let sent = 0;
    let got = "";
    let done = false;
    const chunk = Buffer.alloc(16_384, "a");
    const frame = Buffer.concat([Buffer.from(chunk.length.toString(16) + "\r\n"), chunk, Buffer.from("\r\n")]);
    const finish = (value: { status: string; sentBytes: number } | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const pump = () => {
      while (!done && sent < totalBytes) {
        sent += chunk.length;
        if (!socket.write(frame)) return void socket.once("drain", pump);
      }
      if (!done && sent >= totalBytes) socket.write("0\r\n\r\n");
    };
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(head);
      pump();
    });
    socket.on("data", (b) => {
      got += b.toString();
      if (got.includes("\r\n")) finish({ status: got.split("\r\n")[0], sentBytes: sent });
    });
    socket.on("error", () => finish(got ? { status: got.split("\r\n")[0], sentBytes: sent } : null));
  });
}
