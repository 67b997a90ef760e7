import "server-only";
import type { EventBus } from "@/lib/realtime/event-bus";
import type { ChatStore } from "@/lib/store/chat-store";
import { StoreHealth, type StoreHealthSnapshot } from "@/lib/store/store-health";
import type { StoreFaultReason } from "@/lib/store/store-fault";

/** How often the background probe asks the store and bus, and how long it waits for each. */
export const PROBE_EVERY_MS = 2_000;
export const PROBE_TIMEOUT_MS = 1_000;

interface HealthState {
  store: StoreHealth;
  /** Until the store first connects: why not yet, and how often it was tried. */
  startup: { connected: boolean; attempts: number; error: { reason: StoreFaultReason; at: string } | null };
  bus: { reachable: boolean; checkedAt: number };
  probe?: ReturnType<typeof setInterval>;
}

// On globalThis: Next bundles instrumentation (which connects) and route handlers apart.
const g = globalThis as unknown as { __chatHealth?: HealthState };
export function healthState(): HealthState {
  g.__chatHealth ??= {
    store: new StoreHealth(),
    startup: { connected: false, attempts: 0, error: null },
    bus: { reachable: false, checkedAt: 0 },
  };
  return g.__chatHealth;
}

function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([work.catch(() => fallback), new Promise<T>((r) => (timer = setTimeout(() => r(fallback), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** Keeps the store's and bus's reachability fresh without any request waiting for it. */
export function startProbing(store: ChatStore, bus: EventBus) {
  const state = healthState();
  let running = false;
  const tick = async () => {
    if (running) return; // a hung probe is not stacked up behind
    running = true;
    try {
      const [storeOk, busOk] = await Promise.all([
        within(store.ping(), PROBE_TIMEOUT_MS, false),
        within(bus.healthy(), PROBE_TIMEOUT_MS, false),
      ]);
      state.store.probed(storeOk);
      state.bus = { reachable: busOk, checkedAt: Date.now() };
    } finally {
      running = false;
    }
  };
  if (state.probe) clearInterval(state.probe);
  state.probe = setInterval(() => void tick(), PROBE_EVERY_MS);
  state.probe.unref?.();
  return tick();
}

export function stopProbing() {
  const state = healthState();
  if (state.probe) clearInterval(state.probe);
  state.probe = undefined;
}

export type HealthStatus = "ok" | "degraded" | "down";

export interface HealthReport {
  status: HealthStatus;
  /** Ready for traffic: the store answers (reads work; writes may still fail, see `writable`). */
  ready: boolean;
  store: { kind: "sqlite" | "mongo"; connected: boolean } & StoreHealthSnapshot;
  bus: { kind: "local" | "kafka" | "pusher"; reachable: boolean };
  /** How browsers get live events: this app's SSE stream, or a Pusher Channels server. */
  transport: "sse" | "pusher";
}

/** From kept state only: never waits on the store or the bus. */
export function healthReport(kinds: { store: "sqlite" | "mongo"; bus: "local" | "kafka" | "pusher" }): HealthReport {
  const state = healthState();
  const connected = state.startup.connected;
  const snap: StoreHealthSnapshot = connected
    ? state.store.snapshot()
    : { reachable: false, writable: false, lastWriteOkAt: null, lastWriteFailedAt: null, error: state.startup.error };
  const busReachable = connected && state.bus.reachable;
  const status: HealthStatus = !snap.reachable ? "down" : !snap.writable || !busReachable ? "degraded" : "ok";
  return {
    status,
    ready: snap.reachable,
    store: { kind: kinds.store, connected, ...snap },
    bus: { kind: kinds.bus, reachable: busReachable },
    transport: kinds.bus === "pusher" ? "pusher" : "sse",
  };
}
