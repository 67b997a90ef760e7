"use client";

import { useEffect, useMemo } from "react";
import { api } from "../api";
import { TypingThrottle } from "./typing-throttle";

/** The composer's typing signals for one conversation (best effort: a failure is only logged). */
export function useTypingSender(conversationId: string): TypingThrottle {
  const throttle = useMemo(
    () => new TypingThrottle((typing) => void api.typing(conversationId, typing).catch(() => {})),
    [conversationId],
  );
  // Leaving the conversation with text in the box: the others should not see "typing" for 6 s more.
  useEffect(() => () => throttle.input(""), [throttle]);
  return throttle;
}
