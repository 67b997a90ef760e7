"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { Reaction } from "@/lib/chat/types";
import { cn } from "@/components/ui/cn";

/** The picker's choices: the reactions teams use most. */
export const COMMON_EMOJI = ["👍", "❤️", "😂", "🎉", "😮", "😢", "👀", "✅"] as const;

export interface ReactionBarProps {
  reactions: Reaction[];
  meId: string;
  nameOf: (userId: string) => string;
  /** Absent on messages that cannot take reactions (deleted, not yet sent). */
  onToggle?: (emoji: string, on: boolean) => Promise<void>;
  /** Opens the picker from outside (the message's React action). */
  pickerOpen?: boolean;
  onPickerOpenChange?: (open: boolean) => void;
  /** Own messages sit on the right: tooltips open towards the left so they stay on screen. */
  align?: "start" | "end";
}

/** "Alice, Bob and you" — who reacted, for the tooltip and the button's description. */
export function whoReacted(r: Reaction, meId: string, nameOf: (id: string) => string): string {
  const names = r.userIds.map((id) => (id === meId ? "you" : nameOf(id)));
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * The reactions under a message: one toggle per emoji (pressed when mine), who reacted on hover
 * and on keyboard focus, and a small picker of common emoji. Every control is a button in the
 * tab order; the picker closes with Escape and gives focus back.
 */
export function ReactionBar({ reactions, meId, nameOf, onToggle, pickerOpen, onPickerOpenChange, align = "start" }: ReactionBarProps) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const open = !!pickerOpen && !!onToggle;
  if (reactions.length === 0 && !open && !error) return null;

  async function toggle(emoji: string, on: boolean) {
    if (!onToggle || busy) return;
    setBusy(emoji);
    setError(null);
    try {
      await onToggle(emoji, on);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not change the reaction");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="mt-1 flex max-w-[85%] flex-wrap items-center gap-1 px-1 sm:max-w-[70%]" data-testid="reaction-bar">
      {reactions.map((r) => (
        <ReactionToggle
          key={r.emoji}
          reaction={r}
          mine={r.userIds.includes(meId)}
          who={whoReacted(r, meId, nameOf)}
          disabled={!onToggle || busy !== null}
          align={align}
          onClick={() => void toggle(r.emoji, !r.userIds.includes(meId))}
        />
      ))}
      {open && (
        <ReactionPicker
          onPick={(emoji) => {
            onPickerOpenChange?.(false);
            const existing = reactions.find((r) => r.emoji === emoji);
            if (!existing?.userIds.includes(meId)) void toggle(emoji, true);
          }}
          onClose={() => onPickerOpenChange?.(false)}
        />
      )}
      {error && (
        <p role="alert" className="w-full text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

function ReactionToggle({ reaction, mine, who, disabled, onClick, align }: {
  align: "start" | "end";
  reaction: Reaction;
  mine: boolean;
  who: string;
  disabled: boolean;
  onClick: () => void;
}) {
  const tipId = useId();
  return (
    <span className="group/reaction relative inline-flex">
      <button
        type="button"
        aria-pressed={mine}
        aria-describedby={tipId}
        aria-label={`${reaction.emoji} ${reaction.count}`}
        disabled={disabled}
        onClick={onClick}
        className={cn(
          "inline-flex min-h-8 items-center gap-1 rounded-full border px-2 text-sm leading-none disabled:cursor-wait",
          mine ? "border-indigo-500 bg-indigo-50 text-indigo-900" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100",
        )}
        data-testid="reaction"
        data-emoji={reaction.emoji}
      >
        <span aria-hidden="true">{reaction.emoji}</span>
        <span aria-hidden="true" className="tabular-nums">
          {reaction.count}
        </span>
      </button>
      <span
        id={tipId}
        role="tooltip"
        className={cn(
          "pointer-events-none absolute bottom-full z-10 mb-1 hidden w-max max-w-[16rem] rounded-md bg-slate-900 px-2 py-1 text-xs text-white shadow group-focus-within/reaction:block group-hover/reaction:block",
          align === "end" ? "right-0" : "left-0",
        )}
      >
        {reaction.emoji} by {who}
      </span>
    </span>
  );
}

/** A row of common emoji. Arrow keys move between them, Escape closes, focus starts on the first. */
export function ReactionPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    opener.current = document.activeElement;
    ref.current?.querySelector("button")?.focus();
    return () => {
      // Back to where the person was, if closing dropped focus with the picker.
      if (!document.activeElement || document.activeElement === document.body) (opener.current as HTMLElement | null)?.focus?.();
    };
  }, []);

  function onKeyDown(e: React.KeyboardEvent) {
    const buttons = [...(ref.current?.querySelectorAll("button") ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => buttons[(to + buttons.length) % buttons.length]?.focus();
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === "ArrowRight" || e.key === "ArrowDown") {
      e.preventDefault();
      move(at + 1);
    } else if (e.key === "ArrowLeft" || e.key === "ArrowUp") {
      e.preventDefault();
      move(at - 1);
    } else if (e.key === "Home") {
      e.preventDefault();
      move(0);
    } else if (e.key === "End") {
      e.preventDefault();
      move(-1);
    }
  }

  return (
    <div
      ref={ref}
      role="group"
      aria-label="Pick a reaction"
      onKeyDown={onKeyDown}
      className="flex flex-wrap gap-0.5 rounded-full border border-slate-300 bg-white p-0.5 shadow-md"
      data-testid="reaction-picker"
    >
      {COMMON_EMOJI.map((emoji) => (
        <button
          key={emoji}
          type="button"
          onClick={() => onPick(emoji)}
          aria-label={`React with ${emoji}`}
          className="inline-flex size-9 items-center justify-center rounded-full text-lg hover:bg-slate-100"
        >
          <span aria-hidden="true">{emoji}</span>
        </button>
      ))}
      <button
        type="button"
        onClick={onClose}
        aria-label="Close reactions"
        className="inline-flex size-9 items-center justify-center rounded-full text-slate-600 hover:bg-slate-100"
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
