import { TypingTable } from "@/lib/chat/typing";
import type { EventBus } from "./event-bus";
import type { Signal, SignalBus } from "./signal-bus";
import type { SseHub } from "./sse-hub";

/** The `typing` stream event: who is typing in a conversation now (an empty list: nobody). */
export interface TypingEvent {
  conversationId: string;
  userIds: string[];
}

const SWEEP_MS = 500;

/**
 * Typing across instances: every instance hears every typing signal and keeps its own table, so
 * expiry needs no message. A conversation's members' streams here get the new list whenever it
 * changes: a new typer, a stop, an expiry, or the typer's message arriving on the chat bus.
 */
export class TypingRelay {
  private readonly table: TypingTable;
  private readonly unsubscribe: (() => void)[] = [];
  private timer?: ReturnType<typeof setInterval>;
  /** Another way to reach the members than this hub's streams (the pusher mode's user channels). */
  private outlet?: (event: TypingEvent) => void;

  constructor(
    private readonly hub: SseHub,
    private readonly signals: SignalBus,
    private readonly bus: EventBus,
    ttlMs?: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.table = new TypingTable(ttlMs);
  }

  start() {
    this.unsubscribe.push(
      this.signals.subscribe((s) => this.received(s)),
      this.bus.subscribe((e) => {
        if (e.type === "message.created" && this.table.stop(e.conversationId, e.message.senderId)) this.tell(e.conversationId);
      }),
    );
    this.timer = setInterval(() => {
      if (this.table.size === 0) return;
      for (const id of this.table.expire(this.clock())) this.tell(id);
    }, SWEEP_MS);
    this.timer.unref?.();
  }

  /** Also tell changes through this (set once, by the transport that needs it). */
  setOutlet(outlet: (event: TypingEvent) => void) {
    this.outlet = outlet;
  }

  stop() {
    clearInterval(this.timer);
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private received(s: Signal) {
    if (s.kind !== "typing") return;
    const changed = s.typing ? this.table.start(s.conversationId, s.userId, this.clock()) : this.table.stop(s.conversationId, s.userId);
    if (changed) this.tell(s.conversationId);
  }

  private tell(conversationId: string) {
    const event: TypingEvent = { conversationId, userIds: this.table.list(conversationId) };
    for (const conn of this.hub.followers(conversationId)) conn.enqueue(async () => conn.send("typing", event));
    this.outlet?.(event);
  }
}
