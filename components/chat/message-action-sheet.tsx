"use client";

import { useEffect, useId, useRef } from "react";
import { cn } from "@/components/ui/cn";

const item = "flex min-h-12 w-full items-center px-5 text-left text-base font-medium hover:bg-slate-100";

/**
 * Message actions on a phone: a sheet from the bottom, opened by a long-press on the message or
 * its "More" button. A native modal <dialog>: focus is trapped, Esc and a tap outside close it.
 */
export function MessageActionSheet({ open, excerpt, onClose, onReact, onReply, onEdit, onDelete }: {
  open: boolean;
  excerpt: string;
  onClose: () => void;
  onReact?: () => void;
  onReply?: () => void;
  onEdit?: () => void;
  onDelete?: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      if (typeof d.showModal === "function") d.showModal();
      else d.setAttribute("open", "");
      d.querySelector<HTMLElement>("[data-first]")?.focus();
    } else if (!open && d.open) {
      if (typeof d.close === "function") d.close();
      else d.removeAttribute("open");
    }
  }, [open]);
  const act = (fn?: () => void) => () => {
    onClose();
    fn?.();
  };
  const actions = [
    onReact && { label: "React", run: onReact },
    onReply && { label: "Reply", run: onReply },
    onEdit && { label: "Edit", run: onEdit },
    onDelete && { label: "Delete", run: onDelete, danger: true },
  ].filter((a): a is { label: string; run: () => void; danger?: boolean } => !!a);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid="message-action-sheet"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
      className="mx-auto mb-0 mt-auto w-full max-w-lg rounded-t-2xl bg-white p-0 pb-[env(safe-area-inset-bottom)] text-slate-900 shadow-2xl"
    >
      {open && (
        <div className="flex flex-col py-2">
          <h2 id={titleId} className="px-5 pb-2 pt-1 text-sm font-semibold text-slate-900">
            Message actions
          </h2>
          <p className="truncate px-5 pb-2 text-sm text-slate-600">{excerpt}</p>
          {actions.map((a, i) => (
            <button key={a.label} type="button" data-first={i === 0 || undefined} onClick={act(a.run)} className={cn(item, a.danger ? "text-red-700" : "text-slate-900")}>
              {a.label}
            </button>
          ))}
          <button type="button" onClick={onClose} className={cn(item, "mt-1 border-t border-slate-200 text-slate-700")}>
            Cancel
          </button>
        </div>
      )}
    </dialog>
  );
}
