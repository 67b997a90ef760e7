"use client";

import { cn } from "@/components/ui/cn";

const action = "rounded px-2 py-1 text-xs font-medium hover:bg-slate-200";

/**
 * React, Reply, and on your own messages Edit and Delete. Shown on hover, on keyboard focus
 * within, and after a tap on touch screens (no hover there).
 */
export function MessageActions({ revealed, picking, onTogglePicker, onReply, onEdit, onDelete }: {
  revealed: boolean;
  picking: boolean;
  onTogglePicker?: () => void;
  onReply?: () => void;
  onEdit?: () => void;
  onDelete?: () => void;
}) {
  if (!onTogglePicker && !onReply && !onEdit && !onDelete) return null;
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
