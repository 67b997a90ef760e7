import { CHAT_EVENT_TYPES, type ChatEvent } from "@/lib/chat/types";
import { SIGNAL_EVENTS } from "./awareness/awareness-store";
import type { ConnectionState } from "./store/state";

export interface StreamSink {
  setConnection(state: ConnectionState): void;
  handleEvent(event: ChatEvent): void;
  /** Called on every `ready`: refetch what may have changed while disconnected. */
  resync(): void;
  /** Called on `reset`: the server skipped a long replay; drop what is held (`ready` follows). */
  reset(): void;
  /** Ephemeral `presence` and `typing` events (not chat events: no seq, never replayed). */
  handleSignal?(event: string, data: unknown): void;
}

type EventSourceCtor = new (url: string) => EventSource;

const MAX_BACKOFF_MS = 15_000;

/**
 * Keeps one EventSource open to /api/stream. The browser resumes on its own with Last-Event-ID;
 * when it gives up (CLOSED) or the device goes offline, a new EventSource is opened with the last
 * seen id in the query string, with exponential backoff.
 */
export class StreamConnection {
  private es: EventSource | null = null;
  private lastEventId: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private stopped = false;

  constructor(
    private readonly sink: StreamSink,
    private readonly url = "/api/stream",
    private readonly Source: EventSourceCtor = EventSource,
    private readonly win: Pick<Window, "addEventListener" | "removeEventListener"> | null =
      typeof window === "undefined" ? null : window,
  ) {}

  start() {
    this.stopped = false;
    this.win?.addEventListener("online", this.onOnline);
    this.win?.addEventListener("offline", this.onOffline);
    this.connect();
  }

  stop() {
    this.stopped = true;
    this.win?.removeEventListener("online", this.onOnline);
    this.win?.removeEventListener("offline", this.onOffline);
    this.clearRetry();
    this.es?.close();
    this.es = null;
  }

  private connect() {
    this.clearRetry();
    this.es?.close();
    const url = this.lastEventId ? `${this.url}?lastEventId=${encodeURIComponent(this.lastEventId)}` : this.url;
    const es = new this.Source(url);
    this.es = es;

    es.addEventListener("ready", (e) => {
      this.track(e as MessageEvent);
      this.attempts = 0;
      this.sink.setConnection("live");
      this.sink.resync();
    });
    es.addEventListener("reset", (e) => {
      this.track(e as MessageEvent);
      this.sink.reset();
    });
    for (const type of CHAT_EVENT_TYPES) {
      es.addEventListener(type, (e) => {
        const me = e as MessageEvent<string>;
        this.track(me);
        try {
          this.sink.handleEvent(JSON.parse(me.data) as ChatEvent);
        } catch {
          // A malformed event must not take the stream down; resync on the next ready covers it.
        }
      });
    }
    for (const type of SIGNAL_EVENTS) {
      es.addEventListener(type, (e) => {
        try {
          this.sink.handleSignal?.(type, JSON.parse((e as MessageEvent<string>).data));
        } catch {
          // Ephemeral: the next one replaces it.
        }
      });
    }
    es.onerror = () => {
      if (this.es !== es || this.stopped) return;
      this.sink.setConnection("reconnecting");
      if (es.readyState === 2 /* CLOSED */) this.scheduleReconnect();
    };
  }

  private track(e: MessageEvent) {
    if (e.lastEventId) this.lastEventId = e.lastEventId;
  }

  private scheduleReconnect(delay?: number) {
    this.clearRetry();
    const ms = delay ?? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts) * (0.75 + Math.random() * 0.5);
    this.attempts += 1;
    this.retryTimer = setTimeout(() => {
      if (!this.stopped) this.connect();
    }, ms);
  }

  private clearRetry() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private onOffline = () => {
    if (this.stopped) return;
    this.sink.setConnection("reconnecting");
    this.es?.close();
    this.es = null;
  };

  private onOnline = () => {
    if (this.stopped) return;
    this.attempts = 0;
    this.scheduleReconnect(250);
  };
}
