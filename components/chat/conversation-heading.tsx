"use client";

import { useLayoutEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

/**
 * The conversation's name in its header: two lines on a phone (one from sm up) rather than
 * "Launc…". A name longer than that gets a button laid over it that shows it whole (and folds it
 * again), so it is never cut off without a way to read it. The button is positioned over the
 * text rather than wrapping it: the text's layout, which is what is measured, never changes.
 */
export function ConversationHeading({ title }: { title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const [clipped, setClipped] = useState(false);
  const [expanded, setExpanded] = useState(false);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || expanded) return;
    const measure = () => setClipped(el.scrollHeight > el.clientHeight + 1);
    measure();
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    ro?.observe(el);
    return () => ro?.disconnect();
  }, [title, expanded]);

  return (
    <h2
      ref={ref}
      title={title}
      className={cn(
        "relative text-base font-semibold leading-snug text-slate-900 [overflow-wrap:anywhere]",
        !expanded && "line-clamp-2 sm:line-clamp-1",
      )}
      data-testid="conversation-heading"
    >
      {/* The section is labelled by the name alone, not by the button's words. */}
      <span id="conversation-title">{title}</span>
      {(clipped || expanded) && (
        <button type="button" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)} className="absolute inset-0 rounded">
          <span className="sr-only">{expanded ? "Fold the name" : "Show the whole name"}</span>
        </button>
      )}
    </h2>
  );
}
