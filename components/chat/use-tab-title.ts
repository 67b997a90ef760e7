"use client";

import { useEffect, useRef } from "react";

const PREFIX = /^\(\d+\+?\) /;
const ORIGINAL_HREF = "data-original-href";

/** The app icon with a red dot: the favicon while something is unread. */
export const UNREAD_ICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4f46e5"/>' +
      '<path d="M9.5 8h13A3.5 3.5 0 0 1 26 11.5v7a3.5 3.5 0 0 1-3.5 3.5H16l-5.5 4.5V22h-1A3.5 3.5 0 0 1 6 18.5v-7A3.5 3.5 0 0 1 9.5 8z" fill="#fff"/>' +
      '<circle cx="25" cy="7" r="6.5" fill="#dc2626" stroke="#fff" stroke-width="2"/></svg>',
  );

export function titleWithCount(title: string, count: number): string {
  const base = title.replace(PREFIX, "");
  return count > 0 ? `(${count > 99 ? "99+" : count}) ${base}` : base;
}

function apply(count: number) {
  const next = titleWithCount(document.title, count);
  if (document.title !== next) document.title = next;
  for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')) {
    if (!link.hasAttribute(ORIGINAL_HREF)) link.setAttribute(ORIGINAL_HREF, link.getAttribute("href") ?? "");
    const href = count > 0 ? UNREAD_ICON : link.getAttribute(ORIGINAL_HREF)!;
    if (link.getAttribute("href") !== href) link.setAttribute("href", href);
  }
}

/**
 * "(3) Chat" in the tab and a dot on its icon while messages are unread. Pages set their own titles
 * (Next metadata, the open conversation's name), so the count is re-applied whenever <head> changes.
 */
export function useTabTitle(unread: number) {
  const count = useRef(unread);
  useEffect(() => {
    count.current = unread;
    apply(unread);
  }, [unread]);
  useEffect(() => {
    const observer = new MutationObserver(() => apply(count.current));
    observer.observe(document.head, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["href"] });
    return () => {
      observer.disconnect();
      apply(0);
    };
  }, []);
}
