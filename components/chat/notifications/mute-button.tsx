"use client";

import { cn } from "@/components/ui/cn";
import { useNotificationPrefs } from "./use-prefs";

/** Per conversation: a muted conversation never shows desktop notifications. */
export function MuteButton({ conversationId, className }: { conversationId: string; className?: string }) {
  const [state, prefs] = useNotificationPrefs();
  const muted = state.muted.includes(conversationId);
  return (
    <button
      type="button"
      aria-pressed={muted}
      onClick={() => prefs.setMuted(conversationId, !muted)}
      title={muted ? "Muted: no desktop notifications from this conversation" : "Mute desktop notifications from this conversation"}
      className={cn(
        "inline-flex size-9 shrink-0 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100",
        className,
      )}
      data-testid="mute-button"
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" className="size-5">
        <path d="M10 3a4.5 4.5 0 0 0-4.5 4.5v2.7L4 13h12l-1.5-2.8V7.5A4.5 4.5 0 0 0 10 3ZM8 15.5a2 2 0 0 0 4 0" />
        {muted && <path d="M3 3l14 14" />}
      </svg>
      <span className="sr-only">Mute conversation</span>
    </button>
  );
}
