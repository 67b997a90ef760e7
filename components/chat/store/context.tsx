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

/** The store, or null outside a provider (components that render without one in isolation). */
export function useOptionalChatStore(): ChatStore | null {
  return useContext(StoreContext);
}

/**
 * Subscribes to one slice; the selector must return stored references, not fresh objects.
 *
 * Hydration reads the store's initial state, the one the server rendered from (store/seed.ts).
 * Any part that hydrates later than the shell (a Suspense boundary; app/chat had a loading.tsx
 * until the pages were rendered with their data) would otherwise render what the shell's effects
 * (the list fetch, the stream) brought in between and mismatch the server HTML (React #418).
 * React re-renders with the live state right after hydrating.
 */
export function useChatState<T>(selector: (s: ChatState) => T): T {
  const store = useChatStore();
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.getState()),
    () => selector(store.getInitialState()),
  );
}
