import "server-only";
import os from "node:os";
import path from "node:path";
import { sweepAttachments } from "@/lib/chat/attachment-sweep";
import type { ChatDeps } from "@/lib/chat/deps";
import { argon2Hasher } from "@/lib/auth/password";
import { env, storeKind, type Env } from "@/lib/config/env";
import { pusherServerConfig } from "@/lib/config/pusher-env";
import type { ChannelAuthorizer } from "@/lib/realtime/channel-authorizer";
import type { EventBus } from "@/lib/realtime/event-bus";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { SseHub } from "@/lib/realtime/sse-hub";
import type { PusherEventBus } from "@/lib/realtime/pusher-bus";
import { PresenceRelay } from "@/lib/realtime/presence-relay";
import { LocalSignalBus, type SignalBus } from "@/lib/realtime/signal-bus";
import { TypingRelay } from "@/lib/realtime/typing-relay";
import type { ChatStore } from "@/lib/store/chat-store";
import { guardStore } from "@/lib/store/guarded-store";
import type { StoreFaultClassifier } from "@/lib/store/store-fault";
import { healthState, startProbing, stopProbing } from "./health";
import type { FileStore } from "@/lib/store/file-store";

export interface Container extends ChatDeps {
  hub: SseHub;
  env: Env;
  /** Ephemeral signals between instances (presence, typing); see lib/realtime/signal-bus.ts. */
  signals: SignalBus;
  presence: PresenceRelay;
  typing: TypingRelay;
  /** Signs private channels for pusher-js; null unless the pusher realtime mode is configured. */
  channelAuth: ChannelAuthorizer | null;
}

/** The adapter's classifier of driver errors ("unavailable" vs "bug"), loaded with it. */
export async function storeFaults(e: Env): Promise<StoreFaultClassifier> {
  if (storeKind(e) === "sqlite") return (await import("@/lib/store/sqlite/faults")).classifySqliteError;
  return (await import("@/lib/store/mongo/faults")).classifyMongoError;
}

/** Picks the adapters from validated configuration. Driver modules load only when chosen. */
async function createStore(e: Env): Promise<ChatStore> {
  let store: ChatStore;
  if (storeKind(e) === "sqlite") {
    const { createSqliteStore } = await import("@/lib/store/sqlite");
    store = createSqliteStore(e.DATABASE_URL);
  } else {
    const { createMongoStore } = await import("@/lib/store/mongo");
    store = createMongoStore(e.DATABASE_URL);
  }
  return guardStore(store, { classify: await storeFaults(e), busyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS, health: healthState().store });
}

/**
 * Embedded: $DATA_DIR/files with metadata in the chat's SQLite file. Scale-out: GridFS. Guarded
 * like the chat store (a full or read-only disk, an unreachable MongoDB: 503 + Retry-After), but
 * `save` is never re-run on busy: it consumes the upload's stream.
 */
async function createFileStore(e: Env): Promise<FileStore> {
  let files: FileStore;
  let classify: StoreFaultClassifier;
  if (storeKind(e) === "sqlite") {
    const { createDiskFileStore } = await import("@/lib/store/sqlite/file-store");
    files = createDiskFileStore(e.DATABASE_URL, path.join(e.DATA_DIR, "files"));
    classify = (await import("@/lib/store/sqlite/file-faults")).classifyFileStoreError;
  } else {
    const { createGridFsFileStore } = await import("@/lib/store/mongo/file-store");
    files = createGridFsFileStore(e.DATABASE_URL);
    classify = await storeFaults(e);
  }
  return guardStore(files, { classify, busyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS, once: new Set(["save"]) });
}

const instanceId = (e: Env) => e.INSTANCE_ID ?? `${os.hostname()}-${process.pid}`;

async function createBus(e: Env, store: ChatStore): Promise<EventBus> {
  const pusher = pusherServerConfig(e);
  if (pusher) {
    const { createPusherBus } = await import("@/lib/realtime/pusher-bus");
    return createPusherBus(pusher, store);
  }
  if (!e.KAFKA_BROKERS) return new LocalEventBus();
  const { createKafkaBus } = await import("@/lib/realtime/kafka-bus");
  const instance = instanceId(e);
  return createKafkaBus({
    brokers: e.KAFKA_BROKERS,
    topic: e.KAFKA_TOPIC,
    clientId: e.KAFKA_CLIENT_ID,
    groupId: `${e.KAFKA_CLIENT_ID}-${instance}`,
    partitions: e.KAFKA_PARTITIONS,
  });
}

async function createSignals(e: Env): Promise<SignalBus> {
  if (!e.KAFKA_BROKERS) return new LocalSignalBus();
  const { createKafkaSignalBus } = await import("@/lib/realtime/kafka-signal-bus");
  return createKafkaSignalBus({
    brokers: e.KAFKA_BROKERS,
    topic: e.KAFKA_TOPIC,
    clientId: e.KAFKA_CLIENT_ID,
    groupId: `${e.KAFKA_CLIENT_ID}-${instanceId(e)}-signals`,
  });
}

async function build(): Promise<Container> {
  const e = env();
  const store = await createStore(e);
  try {
    await store.init();
  } catch (err) {
    await store.close().catch(() => {}); // the next attempt opens afresh; leak no handle or client
    throw err;
  }
  const files = await createFileStore(e);
  try {
    await files.init();
  } catch (err) {
    await Promise.all([files.close().catch(() => {}), store.close().catch(() => {})]);
    throw err;
  }
  const bus = await createBus(e, store);
  try {
    await bus.start();
  } catch (err) {
    // The store is the source of truth: serve without live fan-out until the bus comes back.
    console.error(`[bus] ${bus.kind} bus failed to start; continuing, clients catch up from the store:`, (err as Error).message);
  }
  // Before the hub subscribes: by the time a stream shows a new name, reads here show it too.
  bus.subscribe((event) => {
    if (event.type === "member.updated") store.userChanged(event.userId);
  });
  const hub = new SseHub(store, bus, {
    perUser: e.SSE_MAX_STREAMS_PER_USER,
    perInstance: e.SSE_MAX_STREAMS,
    replayEvents: e.SSE_REPLAY_MAX_EVENTS,
    replayBytes: e.SSE_REPLAY_MAX_BYTES,
  });
  hub.startSweeping(e.SSE_SWEEP_MS);
  const signals = await createSignals(e);
  await signals.start().catch((err) => {
    console.error(`[signals] ${signals.kind} signal bus failed to start; presence and typing stay local until it connects:`, (err as Error).message);
  });
  const presence = new PresenceRelay(store, hub, signals, instanceId(e));
  presence.start();
  const typing = new TypingRelay(hub, signals, bus);
  typing.start();
  if (bus.kind === "pusher") {
    // Browsers in this mode open no stream here: presence comes from the Pusher server's list of
    // connected user channels, and presence and typing go out on those channels.
    const { startPusherAwareness } = await import("@/lib/realtime/pusher-awareness");
    stopAwareness = startPusherAwareness(bus as PusherEventBus, store, presence, typing);
  }
  await startProbing(store, bus);
  healthState().startup.connected = true;
  console.info(`[chat] store=${store.kind} files=${files.kind} bus=${bus.kind}`);
  const uploads = { maxBytes: e.UPLOAD_MAX_BYTES, maxFiles: e.UPLOAD_MAX_FILES, unattachedTtlMs: e.UPLOAD_UNATTACHED_TTL_MS };
  const channelAuth = bus.kind === "pusher" ? (bus as EventBus & ChannelAuthorizer) : null;
  const c: Container = { store, bus, hub, env: e, hasher: argon2Hasher, files, uploads, signals, presence, typing, channelAuth };
  startFileSweep(c);
  return c;
}

let stopAwareness: (() => void) | undefined;
let sweepTimer: ReturnType<typeof setInterval> | undefined;
function startFileSweep(c: Container) {
  const sweep = () =>
    sweepAttachments(c)
      .then((r) => {
        if (r.unattached + r.uncommitted + r.orphans > 0) console.info(`[files] sweep removed ${JSON.stringify(r)}`);
      })
      .catch((err) => console.warn("[files] sweep failed; retrying next time:", (err as Error).message));
  sweepTimer = setInterval(sweep, c.env.UPLOAD_SWEEP_MS);
  sweepTimer.unref();
}

const globalForChat = globalThis as unknown as { __chatContainer?: Promise<Container>; __chatConnect?: () => Promise<Container> };

/** One container per process (kept on globalThis so dev hot reload does not leak connections). */
export function container(): Promise<Container> {
  globalForChat.__chatContainer ??= build().catch((err) => {
    globalForChat.__chatContainer = undefined;
    throw err;
  });
  return globalForChat.__chatContainer;
}
// For Pages Router routes (lib/server/built-container.ts): they cannot import this module's chain,
// but may ask this copy to connect, as App Router routes do on every request until it succeeds.
globalForChat.__chatConnect ??= container;

/** The container once connected, else undefined at once: never starts or waits for a connection. */
export async function connectedContainer(): Promise<Container | undefined> {
  if (!healthState().startup.connected) return undefined;
  return globalForChat.__chatContainer?.catch(() => undefined);
}

export async function shutdown() {
  const c = await globalForChat.__chatContainer;
  if (!c) return;
  stopProbing();
  stopAwareness?.();
  c.presence.stop();
  c.typing.stop();
  c.hub.close();
  await c.signals.stop().catch(() => {});
  clearInterval(sweepTimer);
  await c.bus.stop().catch(() => {});
  await c.store.close().catch(() => {});
  await c.files.close().catch(() => {});
}
