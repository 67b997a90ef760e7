import type { PusherClientConfig } from "@/lib/config/pusher-env";
import { StreamConnection, type StreamSink } from "../stream-connection";
import { withPeerPresence } from "./peer-presence";
import { PusherConnection } from "./pusher-connection";

/** How this server delivers live events to browsers (set by the server at render time). */
export type RealtimeConfig = { transport: "sse" } | ({ transport: "pusher" } & PusherClientConfig);

/**
 * The one client-side live-updates interface: the store is the sink, and neither it nor the UI
 * knows whether EventSource (/api/stream) or pusher-js (with /api/events back-fill) is behind it.
 */
export interface LiveTransport {
  start(): void;
  stop(): void;
}

export function createLiveTransport(sink: StreamSink, config: RealtimeConfig, userId: string): LiveTransport {
  return config.transport === "pusher" ? new PusherConnection(sink, config, userId) : new StreamConnection(withPeerPresence(sink, userId));
}
