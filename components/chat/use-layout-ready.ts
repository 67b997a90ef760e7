"use client";

import { useLayoutEffect, useState, type RefObject } from "react";

/**
 * True once the element is laid out by the app's stylesheet (it is a scroll container). Hydration
 * can run before a slow stylesheet has arrived; measured then, the message pane is as tall as its
 * content, so "what is on screen" would be every message and a first scroll position would be lost.
 */
export function useLayoutReady(ref: RefObject<HTMLElement | null>): boolean {
  const [ready, setReady] = useState(false);
  useLayoutEffect(() => {
    if (ready) return;
    let frame = 0;
    const check = () => {
      const el = ref.current;
      if (el && getComputedStyle(el).overflowY !== "visible") setReady(true);
      else frame = requestAnimationFrame(check);
    };
    check();
    return () => cancelAnimationFrame(frame);
  }, [ref, ready]);
  return ready;
}
