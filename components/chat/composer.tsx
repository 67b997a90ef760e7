"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { sendMessageAction } from "@/app/chat/actions";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/schemas";
import type { Attachment } from "@/lib/chat/types";
import { cn } from "@/components/ui/cn";
import { AttachButton, UploadTray } from "./attachment-picker";
import { useUploadQueue } from "./upload-queue";
import { useMentionSuggestions, type MentionCandidate } from "./mention-suggestions";
import { ReplyingTo } from "./reply-quote";
import { useCoarsePointer } from "./use-coarse-pointer";
import { useHydrated } from "./use-hydrated";

export interface ComposerProps {
  /** attachments is passed only when files go with the message. */
  onSend: (text: string, attachments?: Attachment[]) => void;
  /** Accessible name of the text box, e.g. "Message Bob". */
  label: string;
  disabled?: boolean;
  autoFocus?: boolean;
  /** Text to start with, e.g. a saved draft. */
  initialText?: string;
  /** Every change of the text, including "" after sending: for saving drafts. */
  onTextChange?: (text: string) => void;
  /** Who `@` suggests: the conversation's members. */
  members?: MentionCandidate[];
  /** The message being answered, shown above the text box until sent or cancelled. */
  replyingTo?: { senderName: string; excerpt: string } | null;
  onCancelReply?: () => void;
  /** With it, the form also works before hydration or without JavaScript (a server action). */
  conversationId?: string;
  formClientId?: string;
}

const MAX_HEIGHT_PX = 200;

/** Enter sends, Shift+Enter adds a line; whitespace-only text cannot be sent. */
export function Composer(props: ComposerProps) {
  const { onSend, label, disabled = false, autoFocus = false, initialText = "", onTextChange } = props;
  const { members = [], replyingTo, onCancelReply } = props;
  const [text, setTextState] = useState(initialText);
  const touch = useCoarsePointer();
  const hydrated = useHydrated();
  const setText = (next: string) => {
    setTextState(next);
    onTextChange?.(next);
  };
  const ref = useRef<HTMLTextAreaElement>(null);
  const mentions = useMentionSuggestions({ inputRef: ref, text, setText, members });
  const hintId = useId();
  const queue = useUploadQueue();
  // Pressing send while files upload sends the message as soon as they are done.
  const [sendWhenReady, setSendWhenReady] = useState(false);
  const hasContent = text.trim().length > 0 || queue.items.length > 0;
  const canSend = !disabled && hasContent && text.length <= MESSAGE_MAX_LENGTH && !queue.failed;
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
    if (queue.uploading) {
      setSendWhenReady(true);
      return;
    }
    if (queue.attachments.length > 0) onSend(text.trim(), queue.attachments);
    else onSend(text.trim());
    setText("");
    queue.clear();
    setSendWhenReady(false);
    ref.current?.focus();
  }

  // A failed or emptied queue cancels the wish; finished uploads fulfil it.
  const waiting = sendWhenReady && !queue.failed && queue.items.length > 0;
  const sendRef = useRef(send);
  useLayoutEffect(() => {
    sendRef.current = send;
  });
  useEffect(() => {
    if (waiting && !queue.uploading) sendRef.current();
  }, [waiting, queue.uploading]);

  // A draft known only after hydration (it lives in the browser's storage) fills an untouched box.
  const draftAdopted = useRef(false);
  useEffect(() => {
    if (draftAdopted.current || !initialText) return;
    draftAdopted.current = true;
    setTextState((current) => current || initialText);
  }, [initialText]);

  // Answering someone puts the cursor where the answer goes.
  useEffect(() => {
    if (replyingTo) ref.current?.focus();
  }, [replyingTo]);

  return (
    <>
    {replyingTo && <ReplyingTo senderName={replyingTo.senderName} excerpt={replyingTo.excerpt} onCancel={() => onCancelReply?.()} />}
    <form
      className="border-t border-slate-200 bg-white"
      // Hydrated, onSubmit sends optimistically and prevents the default, so React skips the action.
      action={props.conversationId ? sendMessageAction : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("Files")) e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        queue.add(Array.from(e.dataTransfer.files));
      }}
    >
      {props.conversationId && <input type="hidden" name="conversationId" value={props.conversationId} />}
      {props.formClientId && <input type="hidden" name="clientId" value={props.formClientId} />}
      <UploadTray queue={queue} />
      <div className="flex items-end gap-2 p-2 sm:p-3">
      <AttachButton queue={queue} disabled={disabled} />
      <div className="relative min-w-0 flex-1">
        {mentions.list}
        <label htmlFor={`${hintId}-input`} className="sr-only">
          {label}
        </label>
        <textarea
          enterKeyHint={touch ? "enter" : "send"}
          id={`${hintId}-input`}
          name="text"
          ref={ref}
          rows={1}
          value={text}
          disabled={disabled}
          autoFocus={autoFocus}
          placeholder={`${label}…`}
          aria-describedby={hintId}
          {...mentions.inputProps}
          onChange={(e) => {
            setText(e.target.value);
            mentions.trackCaret();
          }}
          onSelect={mentions.trackCaret}
          onPaste={(e) => {
            const files = Array.from(e.clipboardData.files);
            if (files.length === 0) return;
            e.preventDefault();
            queue.add(files);
          }}
          onKeyDown={(e) => {
            if (e.nativeEvent.isComposing) return;
            if (mentions.onKeyDown(e)) return;
            if (e.key === "Escape" && replyingTo) {
              e.preventDefault();
              onCancelReply?.();
            } else if (e.key === "Enter" && !e.shiftKey && !touch) {
              // On phones Enter is the on-screen keyboard's return key: a new line. The button sends.
              e.preventDefault();
              send();
            }
          }}
          className="block max-h-[200px] w-full resize-none rounded-xl border border-slate-400 bg-white px-3.5 py-2.5 text-base text-slate-900 placeholder:text-slate-500 focus:border-indigo-600 disabled:bg-slate-100 sm:text-[0.9375rem]"
          data-testid="composer-input"
        />
        <p id={hintId} className={cn("px-1 pt-1 text-xs", nearLimit || waiting ? "text-slate-700" : "sr-only")}>
          {waiting
            ? "Sending when the uploads finish…"
            : nearLimit
              ? `${text.length} / ${MESSAGE_MAX_LENGTH} characters`
              : touch
                ? "Enter adds a new line; the Send button sends. @ mentions someone"
                : "Press Enter to send, Shift+Enter for a new line, @ to mention someone"}
        </p>
      </div>
      <button
        type="submit"
        // Before hydration nothing re-enables it, and the server is the one to say what is wrong.
        disabled={hydrated ? !canSend : disabled}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
          <path d="M3.1 2.3a.75.75 0 0 0-.98.95l2.1 5.98H11a.75.75 0 0 1 0 1.5H4.22l-2.1 5.98a.75.75 0 0 0 .98.95l15-7a.75.75 0 0 0 0-1.36l-15-7Z" />
        </svg>
        <span className="sr-only">Send</span>
      </button>
      </div>
    </form>
    </>
  );
}
