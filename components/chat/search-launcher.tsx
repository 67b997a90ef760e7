"use client";

import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";
import { button } from "@/components/ui/styles";
import { SearchDialog } from "./search-dialog";

/** The search button, and Ctrl+K / ⌘K anywhere in the chat to open search. */
export function SearchLauncher() {
  const [open, setOpen] = useState(false);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen(true);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-keyshortcuts="Control+K Meta+K" className={cn(button.ghost, "min-h-9 flex-1 px-2 text-indigo-800")}>
        Search <kbd className="rounded border border-slate-300 px-1 text-xs text-slate-600">Ctrl K</kbd>
      </button>
      <SearchDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
