import "server-only";
import os from "node:os";
import type { ChatDeps } from "@/lib/chat/deps";
import { argon2Hasher } from "@/lib/auth/password";
import { env, storeKind, type Env } from "@/lib/config/env";
import type { EventBus } from "@/lib/realtime/event-bus";
import { LocalEventBus } from "@/lib/realtime/local-bus";
import { SseHub } from "@/lib/realtime/sse-hub";
import type { ChatStore } from "@/lib/store/chat-store";

export interface Container extends ChatDeps {
  hub: SseHub;
  env: Env;
}

/** Picks the adapters from validated configuration. Driver modules load only when chosen. */
async function createStore(e: Env): Promise<ChatStore> {
  if (storeKind(e) === "sqlite") {
    const { createSqliteStore } = await import("@/lib/store/sqlite");
    return createSqliteStore(e.DATABASE_URL);
  }
  const { createMongoStore } = await import("@/lib/store/mongo");
  return createMongoStore(e.DATABASE_URL);
}

async function createBus(e: Env): Promise<EventBus> {
  if (!e.KAFKA_BROKERS) return new LocalEventBus();
  const { createKafkaBus } = await import("@/lib/realtime/kafka-bus");
  const instance = e.INSTANCE_ID ?? `${os.hostname()}-${process.pid}`;
  return createKafkaBus({
    brokers: e.KAFKA_BROKERS,
    topic: e.KAFKA_TOPIC,
    clientId: e.KAFKA_CLIENT_ID,
    groupId: `${e.KAFKA_CLIENT_ID}-${instance}`,
    partitions: e.KAFKA_PARTITIONS,
  });
}

async function build(): Promise<Container> {
  const e = env();
  const store = await createStore(e);
  await store.init();
  const bus = await createBus(e);
  try {
    await bus.start();
  } catch (err) {
    // The store is the source of truth: serve without live fan-out until the bus comes back.
    console.error(`[bus] ${bus.kind} bus failed to start; continuing, clients catch up from the store:`, (err as Error).message);
  }
  const hub = new SseHub(store, bus);
  hub.startSweeping(e.SSE_SWEEP_MS);
  console.info(`[chat] store=${store.kind} bus=${bus.kind}`);
  return { store, bus, hub, env: e, hasher: argon2Hasher };
}

const globalForChat = globalThis as unknown as { __chatContainer?: Promise<Container> };

/** One container per process (kept on globalThis so dev hot reload does not leak connections). */
export function container(): Promise<Container> {
  globalForChat.__chatContainer ??= build().catch((err) => {
    globalForChat.__chatContainer = undefined;
    throw err;
  });
  return globalForChat.__chatContainer;
}

export async function shutdown() {
  const c = await globalForChat.__chatContainer;
  if (!c) return;
  c.hub.close();
  await c.bus.stop().catch(() => {});
  await c.store.close().catch(() => {});
}
