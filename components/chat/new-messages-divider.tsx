/** Marks where unread messages begin when a conversation is opened. */
export function NewMessagesDivider() {
  return (
    <li
      className="mt-4 flex items-center gap-3 px-4 text-xs font-semibold text-red-700"
      data-testid="new-messages-divider"
    >
      <span aria-hidden="true" className="h-px flex-1 bg-red-300" />
      <span>New messages</span>
      <span aria-hidden="true" className="h-px flex-1 bg-red-300" />
    </li>
  );
}

/** The first message from someone else after what I had read, or null when nothing is unread. */
export function firstUnreadSeq(messages: { seq: number; senderId: string }[], readUpTo: number | null, meId: string) {
  if (readUpTo === null) return null;
  return messages.find((m) => m.seq > readUpTo && m.senderId !== meId)?.seq ?? null;
}

/** The last message whose top edge is inside the scroller's visible area: everything up to it was seen. */
export function lastVisibleMessageId(scroller: HTMLElement): string | null {
  const bottom = scroller.scrollTop + scroller.clientHeight;
  const items = scroller.querySelectorAll<HTMLElement>("[data-message-id]");
  for (let i = items.length - 1; i >= 0; i--) {
    if (items[i].offsetTop < bottom) return items[i].dataset.messageId ?? null;
  }
  return null;
}
