"use client";

import { useEffect } from "react";
import type { ChatStore } from "./store/chat-store";
import { StreamConnection } from "./stream-connection";

/** Connects the store to /api/stream for as long as the calling component is mounted. */
export function useChatStream(store: ChatStore, url = "/api/stream") {
  useEffect(() => {
    const connection = new StreamConnection(store, url);
    connection.start();
    const onVisible = () => {
      if (document.visibilityState === "visible" && store.activeId) void store.markRead(store.activeId);
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      connection.stop();
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [store, url]);
}
