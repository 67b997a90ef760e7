"use client";

import { useSyncExternalStore } from "react";
import type { PresenceStatus } from "@/lib/chat/presence";
import { useOptionalChatStore } from "../store/context";
import type { AwarenessState } from "./awareness-store";

const NOBODY: readonly string[] = [];
const NOTHING: AwarenessState = { presence: {}, typing: {} };
const noSubscription = () => () => {};

/** The awareness state, or an empty one outside a store provider (a component rendered alone). */
function useAwareness<T>(select: (s: AwarenessState) => T): T {
  const awareness = useOptionalChatStore()?.awareness;
  return useSyncExternalStore(
    awareness?.subscribe ?? noSubscription,
    () => select(awareness?.getState() ?? NOTHING),
    () => select(NOTHING),
  );
}

/** A person's presence as the stream told it; "offline" until told otherwise (and on the server). */
export function usePresence(userId: string | undefined): PresenceStatus {
  return useAwareness((s) => (userId ? (s.presence[userId] ?? "offline") : "offline"));
}

/** Who else is typing in a conversation. */
export function useTypers(conversationId: string, meId: string): readonly string[] {
  const all = useAwareness((s) => s.typing[conversationId] ?? NOBODY);
  return all.includes(meId) ? all.filter((u) => u !== meId) : all;
}
