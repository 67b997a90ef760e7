"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ChatStore } from "./store/chat-store";

const HIGHLIGHT_MS = 2000;

/** A message to bring into view; `at` tells two jumps to the same message apart. */
export interface JumpTarget {
  id: string;
  at: number;
}

/**
 * Jumping to a message (a reply's parent, a search result): pages back until it is loaded, then
 * names it as the jump target for a moment (MessageList scrolls to it, focuses and marks it).
 * Reports an error when history ends before it (it cannot be reached).
 */
export function useJumpToMessage(store: ChatStore, conversationId: string) {
  const [jumpTarget, setJumpTarget] = useState<JumpTarget | null>(null);
  const [jumpError, setJumpError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const jumpTo = useCallback(
    async (target: { id: string; seq: number }) => {
      setJumpError(null);
      if (!(await store.loadUntil(conversationId, target.seq))) {
        setJumpError("That message could not be loaded.");
        return;
      }
      setJumpTarget({ id: target.id, at: Date.now() });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setJumpTarget(null), HIGHLIGHT_MS);
    },
    [store, conversationId],
  );

  return { jumpTarget, jumpError, jumpTo };
}
