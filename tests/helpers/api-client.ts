import type { ChatEvent } from "@/lib/chat/types";

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A person using the HTTP API: keeps the next-auth cookies like a browser would. */
export class ApiClient {
  private cookies = new Map<string, string>();
  user?: { id: string; username: string; displayName: string };

  constructor(public baseUrl: string) {}

  /** The same person (same session cookie) talking to another app instance. */
  on(baseUrl: string): ApiClient {
    const other = new ApiClient(baseUrl);
    other.cookies = this.cookies;
    other.user = this.user;
    return other;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const init: RequestInit = { method, headers: { cookie: this.cookieHeader(), ...headers }, redirect: "manual" };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    const res = await fetch(this.baseUrl + path, init);
    this.keep(res);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(p: string) => this.request<T>("GET", p);
  post = <T = any>(p: string, b?: unknown) => this.request<T>("POST", p, b ?? {});
  patch = <T = any>(p: string, b?: unknown) => this.request<T>("PATCH", p, b ?? {});
  del = <T = any>(p: string) => this.request<T>("DELETE", p);

  async register(username: string, password = "correct horse battery", displayName?: string) {
    const res = await this.post("/api/register", { username, password, displayName });
    if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.user;
  }

  /** next-auth credentials sign-in: csrf token, then the callback, as the browser does. */
  async login(username: string, password = "correct horse battery"): Promise<number> {
    const csrf = await this.get<{ csrfToken: string }>("/api/auth/csrf");
    const form = new URLSearchParams({ csrfToken: csrf.body.csrfToken, username, password, json: "true" });
    const res = await this.request("POST", "/api/auth/callback/credentials", form.toString(), {
      "content-type": "application/x-www-form-urlencoded",
    });
    const session = await this.get("/api/auth/session");
    if (session.body?.user?.id) this.user = { id: session.body.user.id, username: session.body.user.username, displayName: session.body.user.name };
    return res.status;
  }

  async signUp(username: string, password?: string, displayName?: string) {
    await this.register(username, password, displayName);
    await this.login(username, password);
    if (!this.user) throw new Error(`login failed for ${username}`);
    return this.user;
  }

  openStream(opts: { lastEventId?: string } = {}) {
    return SseClient.open(this, opts.lastEventId);
  }
}

export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/** A minimal EventSource over fetch, keeping every event it receives. */
export class SseClient {
  readonly events: SseEvent[] = [];
  /** `presence` and `typing` frames: ephemeral, kept apart so chat-event assertions stay exact. */
  readonly signals: SseEvent[] = [];
  lastEventId?: string;
  status = 0;
  private controller = new AbortController();
  private waiters: (() => void)[] = [];
  done: Promise<void> = Promise.resolve();
  private ended = false;

  static async open(client: ApiClient, lastEventId?: string) {
    const sse = new SseClient();
    const headers: Record<string, string> = { cookie: client.cookieHeader(), accept: "text/event-stream" };
    if (lastEventId) headers["last-event-id"] = lastEventId;
    const res = await fetch(client.baseUrl + "/api/stream", { headers, signal: sse.controller.signal });
    sse.status = res.status;
    if (res.status !== 200 || !res.body) {
      sse.ended = true;
      return sse;
    }
    sse.done = sse.pump(res.body).catch(() => {});
    return sse;
  }

  private async pump(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let idx;
        while ((idx = buf.indexOf("\n\n")) >= 0) {
          const frame = buf.slice(0, idx);
          buf = buf.slice(idx + 2);
          this.parse(frame);
        }
      }
    } finally {
      this.ended = true;
      this.notify();
    }
  }

  private parse(frame: string) {
    let event = "message";
    let id: string | undefined;
    const data: string[] = [];
    for (const line of frame.split("\n")) {
      if (line.startsWith(":") || line === "") continue;
      const i = line.indexOf(":");
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "id") id = value;
      else if (field === "data") data.push(value);
    }
    if (data.length === 0) return;
    if (id !== undefined) this.lastEventId = id;
    const parsed = { id, event, data: JSON.parse(data.join("\n")) };
    (event === "presence" || event === "typing" ? this.signals : this.events).push(parsed);
    this.notify();
  }

  private notify() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  get isOpen() {
    return !this.ended;
  }

  /** Chat events (not `ready`) received so far. */
  chatEvents(): ChatEvent[] {
    return this.events.filter((e) => e.event !== "ready").map((e) => e.data as ChatEvent);
  }

  /** Resolves when predicate holds over the events received, or rejects after timeoutMs. */
  async waitFor(predicate: (events: SseEvent[]) => boolean, timeoutMs = 10_000, what = "event", list = this.events): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(list)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(list.map((e) => [e.event, e.data?.seq ?? e.data]))}`);
      if (this.ended) throw new Error(`stream ended while waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Like waitFor, over the `presence` and `typing` frames. */
  waitForSignal(predicate: (signals: SseEvent[]) => boolean, timeoutMs = 15_000, what = "signal") {
    return this.waitFor(predicate, timeoutMs, what, this.signals);
  }

  /** The latest presence status this stream was told for a user ("offline" when never told). */
  presenceOf(userId: string): string {
    let status = "offline";
    for (const s of this.signals) {
      if (s.event !== "presence") continue;
      if (s.data.full) status = s.data.users[userId] ?? "offline";
      else if (userId in s.data.users) status = s.data.users[userId];
    }
    return status;
  }

  waitForReady(timeoutMs?: number) {
    return this.waitFor((es) => es.some((e) => e.event === "ready"), timeoutMs, "ready");
  }

  close() {
    this.controller.abort();
  }
}
