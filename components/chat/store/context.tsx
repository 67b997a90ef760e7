"use client";

import { createContext, useContext, useSyncExternalStore } from "react";
import type { ChatStore } from "./chat-store";
import type { ChatState } from "./state";

const StoreContext = createContext<ChatStore | null>(null);

export const ChatStoreProvider = StoreContext.Provider;

export function useChatStore(): ChatStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useChatStore must be used inside <ChatStoreProvider>");
  return store;
}

/** Subscribes to one slice; the selector must return stored references, not fresh objects. */
export function useChatState<T>(selector: (s: ChatState) => T): T {
  const store = useChatStore();
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.getState()),
    () => selector(store.getState()),
  );
}
