import type { ChatEvent } from "@/lib/chat/types";
import type { ChatStore } from "@/lib/store/chat-store";
import { forRecipient } from "./for-recipient";
import { encodeCursor, type StreamCursor } from "./stream-cursor";

const GAP_FILL_BATCH = 200;

export interface SseSink {
  /** Writes one SSE frame; returns false when the client is gone or too slow. */
  write(frame: string): boolean;
  close(): void;
}

/** One encoding per event object, shared by every stream it goes to (only the id differs). */
const encoded = new WeakMap<object, string>();

export function sseFrame(event: string, data: unknown, id?: string): string {
  const shareable = typeof data === "object" && data !== null;
  let body = shareable ? encoded.get(data) : undefined;
  if (body === undefined) {
    body = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    if (shareable) encoded.set(data, body);
  }
  return id !== undefined ? `id: ${id}\n${body}` : body;
}

/**
 * One signed-in client's stream. Events are processed one at a time on a promise chain, so
 * replay, gap fill and live events never interleave. Invariant: `known` holds, for every
 * conversation the client follows, the highest seq it has been sent; an event with seq <= known
 * is a duplicate and dropped, one with seq > known + 1 first pulls the gap from the store.
 */
export class SseConnection {
  readonly known: StreamCursor = new Map();
  private chain: Promise<void> = Promise.resolve();
  closed = false;
  /** Characters written so far (replay is bounded by it). */
  bytesSent = 0;

  constructor(
    readonly userId: string,
    private readonly store: ChatStore,
    private readonly sink: SseSink,
    private readonly onUnfollow: (conn: SseConnection, conversationId: string) => void,
  ) {}

  /** Runs work after everything queued before it. */
  enqueue(work: () => Promise<void>) {
    this.chain = this.chain.then(async () => {
      if (this.closed) return;
      try {
        await work();
      } catch (err) {
        console.error("[sse] stream work failed; closing so the client resumes", err);
        this.close();
      }
    });
    return this.chain;
  }

  follow(conversationId: string, afterSeq: number) {
    if (!this.known.has(conversationId)) this.known.set(conversationId, afterSeq);
  }

  /** A live event from the bus (or a synthetic one); ordered, deduplicated, gap-filled. */
  offer(event: ChatEvent) {
    return this.enqueue(() => this.handle(event));
  }

  /** Sends everything after `known` for one conversation, in batches, from the store. */
  async catchUp(conversationId: string, untilSeq = Number.MAX_SAFE_INTEGER, stop?: () => boolean) {
    for (;;) {
      if (stop?.()) return;
      const after = this.known.get(conversationId);
      if (after === undefined || after >= untilSeq) return;
      const batch = await this.store.listEventsSince({ conversationId, afterSeq: after, limit: GAP_FILL_BATCH });
      for (const e of batch) if (e.seq <= untilSeq && e.seq > (this.known.get(conversationId) ?? Infinity)) this.deliver(await forRecipient(e, this.userId, this.store));
      if (batch.length < GAP_FILL_BATCH) return;
    }
  }

  private async handle(event: ChatEvent) {
    const known = this.known.get(event.conversationId);
    if (known === undefined || event.seq <= known) return;
    if (event.seq > known + 1) await this.catchUp(event.conversationId, event.seq - 1);
    this.deliver(await forRecipient(event, this.userId, this.store));
  }

  private deliver(event: ChatEvent) {
    if (this.closed) return;
    const known = this.known.get(event.conversationId);
    if (known === undefined || event.seq <= known) return;
    this.known.set(event.conversationId, event.seq);
    const removedMe = event.type === "member.removed" && event.userId === this.userId;
    if (removedMe) this.known.delete(event.conversationId);
    this.send(event.type, event);
    if (removedMe) this.onUnfollow(this, event.conversationId);
  }

  send(name: string, data: unknown) {
    if (this.closed) return;
    const frame = sseFrame(name, data, encodeCursor(this.known));
    this.bytesSent += frame.length;
    if (!this.sink.write(frame)) this.close();
  }

  heartbeat() {
    if (!this.closed && !this.sink.write(": ping\n\n")) this.close();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.sink.close();
  }
}
