import type { ApiClient, SseClient } from "./api-client";

/**
 * A stream reader that behaves like the web client: when its stream ends or cannot be opened
 * (the app or the database is down), it reconnects with the last event id it saw, so it resumes
 * exactly where it stopped. Counts every message.created it receives, by message id.
 */
export class ResumingListener {
  readonly received = new Map<string, number>();
  /** (conversation, seq) pairs seen more than once: a resume that was not exact. */
  duplicates = 0;
  reconnects = 0;
  private readonly seen = new Set<string>();
  private cursor?: string;
  private current?: SseClient;
  private stopped = false;
  readonly done: Promise<void>;
  /** Resolves when the first stream is live (`ready`): send only after it, as a stream starts at "now". */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly client: ApiClient,
    private readonly retryMs = 300,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.done = this.loop();
  }

  private async loop() {
    while (!this.stopped) {
      const s = await this.client.openStream({ lastEventId: this.cursor }).catch(() => undefined);
      if (!s || s.status !== 200) {
        await new Promise((r) => setTimeout(r, this.retryMs));
        continue;
      }
      this.current = s;
      let taken = 0;
      const take = () => {
        for (; taken < s.events.length; taken++) this.note(s.events[taken]);
        if (s.lastEventId) this.cursor = s.lastEventId;
      };
      while (s.isOpen && !this.stopped) {
        await s.waitFor((es) => es.length > taken, 1_000).catch(() => {});
        take();
      }
      take();
      if (!this.stopped) this.reconnects++;
    }
  }

  private note(e: { event: string; data: any }) {
    if (e.event === "ready") this.markReady();
    if (e.event === "ready" || typeof e.data?.seq !== "number") return;
    const key = `${e.data.conversationId}#${e.data.seq}`;
    if (this.seen.has(key)) this.duplicates++;
    this.seen.add(key);
    if (e.event === "message.created") this.received.set(e.data.message.id, (this.received.get(e.data.message.id) ?? 0) + 1);
  }

  /** Resolves once every id has arrived, or rejects after timeoutMs naming how many are missing. */
  async waitForAll(ids: string[], timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => !this.received.has(id))) {
      if (Date.now() > deadline) throw new Error(`listener is missing ${ids.filter((id) => !this.received.has(id)).length} of ${ids.length} messages`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  stop() {
    this.stopped = true;
    this.current?.close();
    return this.done;
  }
}

/** The web client's send contract: same clientId until 201/200; unknown outcomes retried with backoff. */
export async function sendUntilAcknowledged(
  client: ApiClient,
  conversationId: string,
  text: string,
  clientId: string,
  onAttempt?: (status: number, code?: string) => void,
) {
  let backoff = 250;
  for (;;) {
    const res = await client.post(`/api/conversations/${conversationId}/messages`, { text, clientId }).catch(() => ({ status: 0, body: null, headers: new Headers() }));
    onAttempt?.(res.status, res.body?.error?.code);
    if (res.status === 201 || res.status === 200) return res.body.message as { id: string; seq: number; clientId: string };
    if (res.status >= 400 && res.status < 500 && res.status !== 429) throw new Error(`send ${clientId}: final ${res.status} ${JSON.stringify(res.body)}`);
    const retryAfter = Number(res.headers.get("retry-after") ?? 0) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(Math.min(retryAfter, 2_000), backoff * (0.5 + Math.random() / 2))));
    backoff = Math.min(backoff * 2, 2_000);
  }
}
