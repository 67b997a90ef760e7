import type { ChatEvent } from "@/lib/chat/types";
import type { EventBus, EventHandler } from "./event-bus";

/** In-process bus for the embedded mode: one app process, events delivered in publish order. */
export class LocalEventBus implements EventBus {
  readonly kind = "local" as const;
  private readonly handlers = new Set<EventHandler>();

  async start() {}

  async publish(event: ChatEvent) {
    for (const handler of [...this.handlers]) {
      try {
        handler(event);
      } catch (err) {
        console.error("[local-bus] subscriber failed", err);
      }
    }
  }

  subscribe(handler: EventHandler) {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  async healthy() {
    return true;
  }

  async stop() {
    this.handlers.clear();
  }
}
