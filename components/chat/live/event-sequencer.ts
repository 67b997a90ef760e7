import type { ChatEvent } from "@/lib/chat/types";

/** One page of GET /api/events (lib/realtime/event-replay.ts). */
export interface EventsPage {
  events: (ChatEvent | { type: "member.removed"; conversationId: string; userId: string; seq: null })[];
  cursor: string;
  more: boolean;
  reset: boolean;
}

export interface SequencerSink {
  deliver(event: ChatEvent): void;
  /** The server skipped a backlog too long to replay: drop what is held and refetch. */
  reset(): void;
}

const CURSOR_PREFIX = "v1:";
const encode = (known: Map<string, number>) => CURSOR_PREFIX + [...known].map(([id, seq]) => `${id}.${seq}`).join(",");
function decode(cursor: string): Map<string, number> {
  const known = new Map<string, number>();
  const body = cursor.startsWith(CURSOR_PREFIX) ? cursor.slice(CURSOR_PREFIX.length) : "";
  for (const part of body ? body.split(",") : []) {
    const dot = part.lastIndexOf(".");
    known.set(part.slice(0, dot), Number(part.slice(dot + 1)));
  }
  return known;
}

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * For a live path that delivers at most once and replays nothing (Pusher): keeps, per
 * conversation, the highest seq delivered, drops repeats, and when an event skips ahead (a lost
 * event, a reconnect, a notice in place of an event too large to send) fills the gap from
 * GET /api/events with the same cursor the SSE stream uses. Live events that arrive while a fill
 * runs are held and offered again after it, so delivery stays in seq order per conversation.
 */
export class EventSequencer {
  private known = new Map<string, number>();
  private baseline = false;
  private filling: Promise<{ reset: boolean }> | null = null;
  private again = false;
  private held: ChatEvent[] = [];
  private retryDelay = RETRY_MIN_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly me: string,
    private readonly sink: SequencerSink,
    private readonly fetchEvents: (cursor: string | null) => Promise<EventsPage>,
  ) {}

  get cursor(): string | null {
    return this.baseline ? encode(this.known) : null;
  }

  /** A live event. */
  offer(event: ChatEvent) {
    if (this.stopped) return;
    if (!this.baseline || this.filling) {
      this.held.push(event);
      return;
    }
    const id = event.conversationId;
    const known = this.known.get(id);
    const joinsMe = event.type === "conversation.created" || (event.type === "member.added" && event.userId === this.me);
    if (known === undefined && joinsMe) this.known.set(id, event.seq - 1);
    const after = this.known.get(id);
    if (after === undefined || event.seq > after + 1) {
      this.held.push(event);
      void this.sync();
      return;
    }
    this.apply(event);
  }

  /** An event exists at this seq but was not sent (too large): fetch it. */
  notice(conversationId: string, seq: number) {
    if (this.baseline && seq <= (this.known.get(conversationId) ?? -1)) return;
    void this.sync();
  }

  /**
   * Brings the position up to the store's: the first call takes the head (nothing to replay),
   * later ones replay everything after the cursor. Calls during a fill share it and run once more.
   */
  sync(): Promise<{ reset: boolean }> {
    if (this.retryTimer) return Promise.resolve({ reset: false }); // the pending retry will fill
    if (this.filling) {
      this.again = true;
      return this.filling;
    }
    this.filling = this.fill().finally(() => (this.filling = null));
    return this.filling.then((r) => {
      const held = this.held.splice(0).sort((a, b) => a.seq - b.seq);
      for (const e of held) this.offer(e);
      return r;
    });
  }

  stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async fill(): Promise<{ reset: boolean }> {
    let reset = false;
    do {
      this.again = false;
      for (;;) {
        let page: EventsPage;
        try {
          page = await this.fetchEvents(this.cursor);
        } catch {
          this.retryLater();
          return { reset };
        }
        this.retryDelay = RETRY_MIN_MS;
        if (page.reset) {
          reset = true;
          this.held = [];
          this.sink.reset();
        } else {
          for (const e of page.events) this.apply(e as ChatEvent);
        }
        this.known = decode(page.cursor);
        this.baseline = true;
        if (!page.more) break;
      }
    } while (this.again && !this.stopped);
    return { reset };
  }

  private apply(event: ChatEvent) {
    const id = event.conversationId;
    const removedMe = event.type === "member.removed" && event.userId === this.me;
    if (event.seq !== null) {
      const known = this.known.get(id);
      if (known !== undefined && event.seq <= known) return;
      this.known.set(id, event.seq);
    }
    if (removedMe) this.known.delete(id);
    this.sink.deliver(event);
  }

  /** The fetch failed (offline, server busy): try again later; held events wait for it. */
  private retryLater() {
    if (this.stopped || this.retryTimer) return;
    const delay = this.retryDelay * (0.75 + Math.random() * 0.5);
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.sync();
    }, delay);
  }
}
