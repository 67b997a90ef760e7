"use client";

import { useChatState } from "./store/context";

/**
 * Screen readers hear new messages from others here. A dedicated region (instead of making the
 * message list itself live) keeps loading older history from being read out.
 */
export function LiveAnnouncer() {
  const announcement = useChatState((s) => s.announcement);
  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-announcer">
      {announcement && <span key={announcement.key}>{announcement.text}</span>}
    </div>
  );
}
