import type { ChatStore } from "@/lib/store/chat-store";
import type { FileStore } from "@/lib/store/file-store";
import type { EventBus } from "@/lib/realtime/event-bus";
import type { ChatEvent } from "./types";

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface UploadLimits {
  maxBytes: number;
  maxFiles: number;
  unattachedTtlMs: number;
}

export interface ChatDeps {
  store: ChatStore;
  bus: EventBus;
  hasher: PasswordHasher;
  files: FileStore;
  uploads: UploadLimits;
}

/** How long a request waits for the bus before answering anyway (the write is already durable). */
export const PUBLISH_WAIT_MS = 1500;
/** After a failed or slow publish, requests stop waiting for the bus for this long. */
export const BUS_TROUBLE_MS = 5000;

let busTroubleUntil = 0;

/**
 * Publishes events that the store has already committed. A bus failure never fails the request,
 * and a slow or unreachable bus delays it by at most PUBLISH_WAIT_MS, once: after that, requests
 * publish without waiting until the bus behaves again. The write is durable either way, and SSE
 * clients repair any gap from the store (gap fill, periodic sweep, resume).
 */
export async function publishCommitted(bus: EventBus, events: (ChatEvent | null | undefined)[]) {
  let wait = Date.now() >= busTroubleUntil;
  for (const event of events) {
    if (!event) continue;
    const published = bus.publish(event).then(
      () => "ok" as const,
      (err: Error) => {
        busTroubleUntil = Date.now() + BUS_TROUBLE_MS;
        console.warn(`[bus] publish of ${event.type} ${event.conversationId}#${event.seq} failed; clients catch up from the store: ${err.message}`);
        return "failed" as const;
      },
    );
    if (!wait) continue;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      published,
      new Promise<"slow">((resolve) => (timer = setTimeout(() => resolve("slow"), PUBLISH_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (outcome !== "ok") {
      busTroubleUntil = Math.max(busTroubleUntil, Date.now() + BUS_TROUBLE_MS);
      wait = false;
    }
  }
}
