"use client";

import { typingText } from "./typing-text";
import { useTypers } from "./use-awareness";

/**
 * "Alice is typing…" under the conversation. Always takes its line, so the messages do not jump
 * when it appears. Not a live region: it would speak on every keystroke pause of everyone.
 */
export function TypingIndicator({ conversationId, meId, nameOf }: { conversationId: string; meId: string; nameOf: (userId: string) => string }) {
  const typers = useTypers(conversationId, meId);
  const text = typingText(typers.map(nameOf));
  return (
    <p data-testid="typing-indicator" className="h-5 truncate px-4 text-xs italic leading-5 text-slate-600">
      {text}
    </p>
  );
}
