import type { ReportedStatus } from "@/lib/chat/presence";

/**
 * Ephemeral signals between app instances: presence and typing. Unlike chat events they are not
 * stored, carry no sequence number and are never replayed: a lost one is superseded by the next
 * (presence reports repeat every beat, typing renews every 3 s). They travel apart from chat
 * events (their own Kafka topic), so they cannot delay or reorder them. `at` is the sender's clock;
 * receivers drop signals older than SIGNAL_MAX_AGE_MS (a consumer that resumes after an outage).
 */
export type Signal =
  | {
      kind: "presence";
      at: number;
      instance: string;
      /** true: everything this instance holds (replaces its previous report); false: a change. */
      full: boolean;
      users: Record<string, ReportedStatus>;
    }
  | { kind: "activity"; at: number; userId: string }
  | { kind: "typing"; at: number; conversationId: string; userId: string; typing: boolean };

export const SIGNAL_MAX_AGE_MS = 20_000;

export type SignalHandler = (signal: Signal) => void;

export interface SignalBus {
  readonly kind: "local" | "kafka";
  start(): Promise<void>;
  /** Best effort: rejects when the bus is unavailable; callers log and move on. */
  publish(signal: Signal): Promise<void>;
  subscribe(handler: SignalHandler): () => void;
  stop(): Promise<void>;
}

const KINDS = new Set(["presence", "activity", "typing"]);

/** Parses a received signal; null for anything malformed or stale. */
export function decodeSignal(raw: string, now = Date.now()): Signal | null {
  try {
    const s = JSON.parse(raw) as Signal;
    if (typeof s !== "object" || s === null || !KINDS.has(s.kind) || typeof s.at !== "number") return null;
    if (now - s.at > SIGNAL_MAX_AGE_MS) return null;
    return s;
  } catch {
    return null;
  }
}

/** In-process signals for the embedded mode (one app process). */
export class LocalSignalBus implements SignalBus {
  readonly kind = "local" as const;
  private readonly handlers = new Set<SignalHandler>();

  async start() {}

  async publish(signal: Signal) {
    for (const handler of [...this.handlers]) {
      try {
        handler(signal);
      } catch (err) {
        console.error("[signals] subscriber failed", err);
      }
    }
  }

  subscribe(handler: SignalHandler) {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  async stop() {
    this.handlers.clear();
  }
}
