"use client";

import { useId, useLayoutEffect, useRef, useState } from "react";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/schemas";
import { cn } from "@/components/ui/cn";

export interface ComposerProps {
  onSend: (text: string) => void;
  /** Accessible name of the text box, e.g. "Message Bob". */
  label: string;
  disabled?: boolean;
  autoFocus?: boolean;
  /** Text to start with, e.g. a saved draft. */
  initialText?: string;
  /** Every change of the text, including "" after sending: for saving drafts. */
  onTextChange?: (text: string) => void;
}

const MAX_HEIGHT_PX = 200;

/** Enter sends, Shift+Enter adds a line; whitespace-only text cannot be sent. */
export function Composer({ onSend, label, disabled = false, autoFocus = false, initialText = "", onTextChange }: ComposerProps) {
  const [text, setTextState] = useState(initialText);
  const setText = (next: string) => {
    setTextState(next);
    onTextChange?.(next);
  };
  const ref = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const canSend = !disabled && text.trim().length > 0 && text.length <= MESSAGE_MAX_LENGTH;
  const nearLimit = text.length > MESSAGE_MAX_LENGTH - 500;

  // Grow with the content up to a limit, then scroll.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  function send() {
    if (!canSend) return;
    onSend(text.trim());
    setText("");
    ref.current?.focus();
  }

  return (
    <form
      className="flex items-end gap-2 border-t border-slate-200 bg-white p-2 sm:p-3"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div className="min-w-0 flex-1">
        <label htmlFor={`${hintId}-input`} className="sr-only">
          {label}
        </label>
        <textarea
          id={`${hintId}-input`}
          ref={ref}
          rows={1}
          value={text}
          disabled={disabled}
          autoFocus={autoFocus}
          placeholder={`${label}…`}
          aria-describedby={hintId}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          className="block max-h-[200px] w-full resize-none rounded-xl border border-slate-400 bg-white px-3.5 py-2.5 text-base text-slate-900 placeholder:text-slate-500 focus:border-indigo-600 disabled:bg-slate-100 sm:text-[0.9375rem]"
          data-testid="composer-input"
        />
        <p id={hintId} className={cn("px-1 pt-1 text-xs", nearLimit ? "text-slate-700" : "sr-only")}>
          {nearLimit
            ? `${text.length} / ${MESSAGE_MAX_LENGTH} characters`
            : "Press Enter to send, Shift+Enter for a new line"}
        </p>
      </div>
      <button
        type="submit"
        disabled={!canSend}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
          <path d="M3.1 2.3a.75.75 0 0 0-.98.95l2.1 5.98H11a.75.75 0 0 1 0 1.5H4.22l-2.1 5.98a.75.75 0 0 0 .98.95l15-7a.75.75 0 0 0 0-1.36l-15-7Z" />
        </svg>
        <span className="sr-only">Send</span>
      </button>
    </form>
  );
}
