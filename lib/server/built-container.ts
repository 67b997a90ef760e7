import { describeError, isStoreUnavailable, StoreUnavailableError } from "@/lib/store/store-fault";
import type { Container } from "./container";

type Global = { __chatContainer?: Promise<Container>; __chatConnect?: () => Promise<Container> };

/**
 * The container as built by the App Router side (instrumentation builds it at start, and any
 * route rebuilds it after a failure), read from globalThis. For the Pages Router stream, which
 * gets its own module copies and cannot import the container's "server-only" module chain.
 */
export function builtContainer(): Promise<Container> | undefined {
  return (globalThis as unknown as Global).__chatContainer;
}

/**
 * What connected() of lib/http/handler.ts gives App Router routes, for Pages Router routes: the
 * container, connecting it if it is not yet (through the connect function the container module
 * leaves on globalThis), or a 503 saying why the store cannot be reached.
 */
export async function containerForPages(): Promise<Container> {
  const g = globalThis as unknown as Global;
  try {
    const c = g.__chatConnect?.() ?? g.__chatContainer;
    if (!c) throw new StoreUnavailableError({ reason: "unreachable", heals: true }, "the app is still connecting");
    return await c;
  } catch (err) {
    if (isStoreUnavailable(err)) throw err;
    throw new StoreUnavailableError({ reason: "unreachable", heals: true }, `connect: ${describeError(err)}`);
  }
}
