"use client";

import { cn } from "@/components/ui/cn";

const action = "rounded px-2 py-1 text-xs font-medium hover:bg-slate-200";

/**
 * React, Reply, and on your own messages Edit and Delete. Shown on hover and on keyboard focus
 * within. On touch screens (no hover) a visible "More actions" button opens the action sheet
 * instead, as a long-press on the message does.
 */
export function MessageActions({ revealed, picking, onTogglePicker, onReply, onEdit, onDelete, onMore }: {
  revealed: boolean;
  picking: boolean;
  /** Touch screens: one always-visible button that opens the action sheet. */
  onMore?: () => void;
  onTogglePicker?: () => void;
  onReply?: () => void;
  onEdit?: () => void;
  onDelete?: () => void;
}) {
  if (!onTogglePicker && !onReply && !onEdit && !onDelete) return null;
  if (onMore) {
    return (
      <button
        type="button"
        onClick={onMore}
        data-testid="message-more"
        className="inline-flex size-8 shrink-0 items-center justify-center rounded-full text-lg leading-none text-slate-600 hover:bg-slate-200"
      >
        <span aria-hidden="true">⋯</span>
        <span className="sr-only">More actions</span>
      </button>
    );
  }
  return (
    <div
      className={cn(
        "flex shrink-0 gap-0.5 transition-opacity focus-within:opacity-100 group-hover:opacity-100",
        revealed || picking ? "opacity-100" : "opacity-0",
      )}
      role="group"
      aria-label="Message actions"
    >
      {onTogglePicker && (
        <button type="button" aria-expanded={picking} onClick={onTogglePicker} className={cn(action, "text-slate-700")}>
          React
        </button>
      )}
      {onReply && (
        <button type="button" onClick={onReply} className={cn(action, "text-slate-700")}>
          Reply
        </button>
      )}
      {onEdit && (
        <button type="button" onClick={onEdit} className={cn(action, "text-slate-700")}>
          Edit
        </button>
      )}
      {onDelete && (
        <button type="button" onClick={onDelete} className={cn(action, "text-red-700 hover:bg-red-50")}>
          Delete
        </button>
      )}
    </div>
  );
}
