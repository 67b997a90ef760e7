"use client";

import { useEffect } from "react";
import { createLiveTransport, type RealtimeConfig } from "./live/live-transport";
import type { ChatStore } from "./store/chat-store";

const SSE: RealtimeConfig = { transport: "sse" };

/** Connects the store to the live transport for as long as the calling component is mounted. */
export function useChatStream(store: ChatStore, realtime: RealtimeConfig = SSE) {
  // By value: a server re-render hands over an equal but new object, which must not reconnect.
  const config = JSON.stringify(realtime);
  useEffect(() => {
    const connection = createLiveTransport(store, JSON.parse(config) as RealtimeConfig, store.getState().me.id);
    connection.start();
    const onVisible = () => {
      if (document.visibilityState === "visible" && store.activeId) void store.markRead(store.activeId);
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      connection.stop();
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [store, config]);
}
