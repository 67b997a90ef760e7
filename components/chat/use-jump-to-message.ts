"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ReplyRef } from "@/lib/chat/types";
import type { ChatStore } from "./store/chat-store";

const HIGHLIGHT_MS = 2000;

/** A message to bring into view; `at` tells two jumps to the same message apart. */
export interface JumpTarget {
  id: string;
  at: number;
}

/**
 * Jumping to a reply's parent: pages back until it is loaded, then names it as the jump target
 * for a moment (MessageList scrolls to it, focuses and marks it). Reports an error when history
 * ends before the parent (it cannot be reached).
 */
export function useJumpToMessage(store: ChatStore, conversationId: string) {
  const [jumpTarget, setJumpTarget] = useState<JumpTarget | null>(null);
  const [jumpError, setJumpError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const jumpTo = useCallback(
    async (target: ReplyRef) => {
      setJumpError(null);
      if (!(await store.loadUntil(conversationId, target.seq))) {
        setJumpError("The original message could not be loaded.");
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
