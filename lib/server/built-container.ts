import type { Container } from "./container";

/**
 * The container as built by the App Router side (instrumentation builds it at start, and any
 * route rebuilds it after a failure), read from globalThis. For the Pages Router stream, which
 * gets its own module copies and cannot import the container's "server-only" module chain.
 */
export function builtContainer(): Promise<Container> | undefined {
  return (globalThis as unknown as { __chatContainer?: Promise<Container> }).__chatContainer;
}
