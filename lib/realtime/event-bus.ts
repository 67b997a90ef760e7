import type { ChatEvent } from "@/lib/chat/types";

export type EventHandler = (event: ChatEvent) => void;

/**
 * The realtime bus port. Every app instance subscribes and receives every event (including its
 * own), in order per conversation. The bus is a notification path only: the store is the source
 * of truth, so a lost or late event is repaired by the SSE layer from the store.
 */
export interface EventBus {
  readonly kind: "local" | "kafka" | "pusher";
  start(): Promise<void>;
  /** Resolves once the event is handed to the bus; rejects when the bus is unavailable. */
  publish(event: ChatEvent): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(handler: EventHandler): () => void;
  /** True when the bus is connected and able to publish. */
  healthy(): Promise<boolean>;
  stop(): Promise<void>;
}
