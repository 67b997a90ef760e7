"use client";

import { PRESENCE_LABEL } from "./presence-dot";
import { usePresence } from "./use-awareness";

/** "· Online" after a DM partner's @username in the conversation header. */
export function PresenceText({ userId }: { userId: string }) {
  const status = usePresence(userId);
  return <span data-testid="presence-text"> · {PRESENCE_LABEL[status]}</span>;
}
