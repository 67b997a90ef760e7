"use client";

import { useId, useState, type KeyboardEvent, type RefObject } from "react";
import { cn } from "@/components/ui/cn";

export interface MentionCandidate {
  userId: string;
  username: string;
  displayName: string;
}

/** The `@partial` being typed right before the caret, if any (same alphabet as usernames). */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{0,32})$/.exec(before);
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2].toLowerCase() };
}

/** Members whose username, or a word of whose display name, starts with the query. */
export function filterCandidates(members: MentionCandidate[], query: string, limit = 8): MentionCandidate[] {
  const q = query.toLowerCase();
  return members
    .filter((m) => m.username.toLowerCase().startsWith(q) || m.displayName.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)))
    .sort((a, b) => a.username.localeCompare(b.username))
    .slice(0, limit);
}

/**
 * `@` in the composer: a list of the conversation's members filtered by what follows, navigated
 * with the arrow keys, picked with Enter or Tab, dismissed with Escape. The text box keeps focus
 * (aria-activedescendant points at the highlighted option), as in the ARIA autocomplete pattern.
 */
export function useMentionSuggestions(opts: {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  text: string;
  setText: (text: string) => void;
  members: MentionCandidate[];
}) {
  const { inputRef, text, setText, members } = opts;
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const query = mentionQueryAt(text, caret);
  const options = query && query.start !== dismissed ? filterCandidates(members, query.query) : [];
  const open = options.length > 0;
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));

  function trackCaret() {
    const el = inputRef.current;
    if (el) setCaret(el.selectionStart ?? el.value.length);
  }

  function pick(option: MentionCandidate) {
    if (!query) return;
    const insert = `@${option.username} `;
    const next = text.slice(0, query.start) + insert + text.slice(caret);
    const at = query.start + insert.length;
    setText(next);
    setCaret(at);
    setActive(0);
    requestAnimationFrame(() => {
      const el = inputRef.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(at, at);
    });
  }

  /** True when the key was the list's (the composer must not also act on it). */
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((activeIndex + step + options.length) % options.length);
      return true;
    }
    if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
      e.preventDefault();
      pick(options[activeIndex]);
      return true;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      setDismissed(query!.start);
      return true;
    }
    return false;
  }

  const optionId = (i: number) => `${listId}-option-${i}`;
  return {
    onKeyDown,
    trackCaret,
    inputProps: {
      "aria-autocomplete": "list" as const,
      "aria-controls": open ? listId : undefined,
      "aria-activedescendant": open ? optionId(activeIndex) : undefined,
    },
    list: open ? (
      <MentionList id={listId} options={options} activeIndex={activeIndex} optionId={optionId} onPick={pick} onHover={setActive} />
    ) : null,
  };
}

function MentionList({ id, options, activeIndex, optionId, onPick, onHover }: {
  id: string;
  options: MentionCandidate[];
  activeIndex: number;
  optionId: (i: number) => string;
  onPick: (o: MentionCandidate) => void;
  onHover: (i: number) => void;
}) {
  return (
    <ul
      id={id}
      role="listbox"
      aria-label="Mention someone"
      className="absolute bottom-full left-0 z-20 mb-1 max-h-64 w-72 max-w-[90vw] overflow-auto rounded-lg border border-slate-300 bg-white py-1 shadow-lg"
      data-testid="mention-suggestions"
    >
      {options.map((o, i) => (
        <li
          key={o.userId}
          id={optionId(i)}
          role="option"
          aria-selected={i === activeIndex}
          // Keeps focus in the text box: picking with the mouse must not blur it first.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(o)}
          onMouseEnter={() => onHover(i)}
          className={cn("flex cursor-pointer items-baseline gap-2 px-3 py-1.5 text-sm", i === activeIndex ? "bg-indigo-600 text-white" : "text-slate-900")}
        >
          <span className="font-medium">{o.displayName}</span>
          <span className={cn("text-xs", i === activeIndex ? "text-indigo-100" : "text-slate-600")}>@{o.username}</span>
        </li>
      ))}
    </ul>
  );
}
