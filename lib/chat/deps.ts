import type { ChatStore } from "@/lib/store/chat-store";
import type { EventBus } from "@/lib/realtime/event-bus";
import type { ChatEvent } from "./types";

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface ChatDeps {
  store: ChatStore;
  bus: EventBus;
  hasher: PasswordHasher;
}

/**
 * Publishes events that the store has already committed. A bus failure never fails the request:
 * the write is durable, and SSE clients repair the gap from the store (resume / gap fill).
 */
export async function publishCommitted(bus: EventBus, events: (ChatEvent | null | undefined)[]) {
  for (const event of events) {
    if (!event) continue;
    try {
      await bus.publish(event);
    } catch (err) {
      console.warn(`[bus] publish of ${event.type} ${event.conversationId}#${event.seq} failed; clients catch up from the store:`, (err as Error).message);
    }
  }
}
