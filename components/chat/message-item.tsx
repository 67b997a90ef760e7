"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { Message, ReplyRef } from "@/lib/chat/types";
import { MESSAGE_MAX_LENGTH } from "@/lib/chat/schemas";
import { cn } from "@/components/ui/cn";
import { button } from "@/components/ui/styles";
import { AttachmentList } from "./attachment-list";
import { useTimeFormat } from "./use-time-format";
import { Markdown } from "./markdown";
import { useMentionPlugins } from "./markdown-mentions";
import { MessageActionSheet } from "./message-action-sheet";
import { MessageActions } from "./message-actions";
import { MessageFormsFallback } from "./message-forms-fallback";
import { useCoarsePointer } from "./use-coarse-pointer";
import { useHydrated } from "./use-hydrated";
import { useLongPress } from "./use-long-press";
import { ReactionBar } from "./reaction-bar";
import { ReplyQuote } from "./reply-quote";

export interface MessageItemProps {
  message: Message;
  senderName: string;
  isOwn: boolean;
  /** First of a run from the same sender: show the name and time line. */
  showHeader?: boolean;
  /** Only for messages sent from this tab that the server has not confirmed. */
  delivery?: { status: "pending" | "waiting" | "failed"; error: string | null };
  isEditing?: boolean;
  onStartEdit?: () => void;
  onCancelEdit?: () => void;
  /** Rejects with an Error whose message is shown under the editor. */
  onSaveEdit?: (text: string) => Promise<void>;
  onDelete?: () => Promise<void>;
  onRetry?: () => void;
  onDiscard?: () => void;
  /** Who is looking: their reactions show pressed, mentions of them highlighted. */
  meId?: string;
  nameOf?: (userId: string) => string;
  usernameOf?: (userId: string) => string | undefined;
  /** Rejects with an Error whose message is shown under the reactions. */
  onReact?: (emoji: string, on: boolean) => Promise<void>;
  onReply?: () => void;
  /** Scrolls to a reply's parent. */
  onJumpTo?: (replyTo: ReplyRef) => void;
  /** Briefly marked after a jump to it. */
  highlighted?: boolean;
}

export function MessageItem(props: MessageItemProps) {
  const { message, senderName, isOwn, showHeader = true, delivery, isEditing = false } = props;
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  // Touch screens have no hover: tapping your own message reveals its actions.
  const [revealed, setRevealed] = useState(false);
  const [picking, setPicking] = useState(false);
  const [sheetOpen, setSheetOpen] = useState(false);
  const touch = useCoarsePointer();
  const t = useTimeFormat();
  // Until hydrated the menu cannot work: plain forms stand in for it (message-forms-fallback.tsx).
  const hydrated = useHydrated();
  const deleted = message.deletedAt !== null;
  const canAct = !deleted && !delivery && !isEditing;
  const canModify = isOwn && canAct;
  const meId = props.meId ?? "";
  const nameOf = props.nameOf ?? (() => "Someone");
  const mentionPlugins = useMentionPlugins(message.mentions, meId, props.usernameOf);
  const longPress = useLongPress(canAct && touch ? () => setSheetOpen(true) : undefined);
  const mentionsMe = !deleted && meId !== "" && message.mentions.includes(meId) && !isOwn;

  async function confirmDelete() {
    if (!props.onDelete) return;
    setDeleting(true);
    setDeleteError(null);
    try {
      await props.onDelete();
      setConfirmingDelete(false);
    } catch (err) {
      setDeleteError(err instanceof Error ? err.message : "Could not delete the message");
    } finally {
      setDeleting(false);
    }
  }

  return (
    <li
      data-testid="message"
      data-message-id={delivery ? undefined : message.id}
      data-status={delivery?.status ?? (deleted ? "deleted" : "sent")}
      data-mentions-me={mentionsMe || undefined}
      tabIndex={-1}
      className={cn(
        "group flex flex-col px-3 outline-none transition-colors sm:px-4",
        isOwn ? "items-end" : "items-start",
        showHeader ? "mt-3" : "mt-0.5",
        // Plain palette classes, no "/70": the generated dark theme (app/dark-theme.css) remaps
        // those only, and a light tint left over the dark page made the header unreadable.
        mentionsMe && "border-l-4 border-amber-400 bg-amber-50",
        props.highlighted && "bg-indigo-100",
      )}
    >
      {showHeader ? (
        <p className="mb-1 flex items-baseline gap-2 px-1 text-xs">
          <span className="font-semibold text-slate-800" data-testid="message-sender">
            {isOwn ? "You" : senderName}
          </span>
          <time dateTime={message.createdAt} title={t.full(message.createdAt)} className="text-slate-600">
            {t.time(message.createdAt)}
          </time>
        </p>
      ) : (
        <span className="sr-only">{isOwn ? "You" : senderName}, {t.time(message.createdAt)}</span>
      )}

      {message.replyTo && !deleted && (
        <ReplyQuote
          replyTo={message.replyTo}
          senderName={message.replyTo.senderId === meId ? "You" : nameOf(message.replyTo.senderId)}
          onJump={props.onJumpTo}
        />
      )}
      <div className={cn("flex max-w-[85%] items-center gap-1 sm:max-w-[70%]", isOwn && "flex-row-reverse")}>
        {isEditing ? (
          <EditForm
            initial={message.text ?? ""}
            onCancel={() => props.onCancelEdit?.()}
            onSave={(text) => props.onSaveEdit?.(text) ?? Promise.resolve()}
          />
        ) : (
          <div
            onClick={canAct && !touch ? () => setRevealed((r) => !r) : undefined}
            {...longPress}
            className={cn(
              touch && canAct && "select-none [-webkit-touch-callout:none]",
              "min-w-0 rounded-2xl px-3.5 py-2 text-[0.9375rem] leading-relaxed",
              deleted
                ? "border border-dashed border-slate-300 bg-slate-100 italic text-slate-600"
                : isOwn
                  ? "bg-indigo-600 text-white"
                  : "border border-slate-200 bg-white text-slate-900 shadow-sm",
              (delivery?.status === "pending" || delivery?.status === "waiting") && "opacity-75",
              delivery?.status === "failed" && "ring-2 ring-red-600",
              !deleted && !message.text && "hidden", // files only: no empty bubble
            )}
          >
            <div className="break-words" data-testid="message-text">
              {deleted || message.text === null ? (
                "This message was deleted"
              ) : (
                <Markdown text={message.text} inverted={isOwn} remarkPlugins={mentionPlugins} />
              )}
            </div>
            {message.editedAt && !deleted && (
              <p
                className={cn("mt-0.5 text-right text-xs", isOwn ? "text-indigo-100" : "text-slate-600")}
                title={`Edited ${t.full(message.editedAt)}`}
                data-testid="edited-marker"
              >
                edited
              </p>
            )}
          </div>
        )}

        {hydrated && canAct && !confirmingDelete && (
          <MessageActions
            revealed={revealed}
            picking={picking}
            onTogglePicker={props.onReact ? () => setPicking((p) => !p) : undefined}
            onReply={props.onReply}
            onEdit={canModify ? props.onStartEdit : undefined}
            onDelete={canModify ? () => setConfirmingDelete(true) : undefined}
            onMore={touch ? () => setSheetOpen(true) : undefined}
          />
        )}
        {touch && canAct && (
          <MessageActionSheet
            open={sheetOpen}
            excerpt={message.text ?? ""}
            onClose={() => setSheetOpen(false)}
            onReact={props.onReact ? () => setPicking(true) : undefined}
            onReply={props.onReply}
            onEdit={canModify ? props.onStartEdit : undefined}
            onDelete={canModify ? () => setConfirmingDelete(true) : undefined}
          />
        )}
      </div>

      {!hydrated && canModify && <MessageFormsFallback message={message} align={isOwn ? "end" : "start"} />}
      {!deleted && <AttachmentList attachments={message.attachments ?? []} align={isOwn ? "end" : "start"} />}
      {!deleted && !delivery && (
        <ReactionBar
          reactions={message.reactions}
          meId={meId}
          nameOf={nameOf}
          onToggle={props.onReact}
          pickerOpen={picking}
          onPickerOpenChange={setPicking}
          align={isOwn ? "end" : "start"}
        />
      )}
      {delivery?.status === "pending" && (
        <p className="mt-0.5 px-1 text-xs text-slate-600" data-testid="message-pending">
          Sending…
        </p>
      )}
      {delivery?.status === "waiting" && (
        <div className="mt-0.5 flex max-w-[85%] flex-wrap items-center justify-end gap-x-1 px-1 text-right text-xs sm:max-w-[70%]" data-testid="message-waiting">
          <span className="text-amber-900">Not sent yet: it goes out by itself when the connection is back.</span>
          <button type="button" onClick={props.onDiscard} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-200">
            Discard
          </button>
        </div>
      )}
      {delivery?.status === "failed" && (
        <div className="mt-1 flex max-w-[85%] flex-wrap items-center justify-end gap-x-1 px-1 text-right text-xs sm:max-w-[70%]" role="alert">
          <span className="text-red-700">Not sent.{delivery.error ? ` ${delivery.error}` : ""}</span>
          <button type="button" onClick={props.onRetry} className="rounded px-2 py-1 font-semibold text-indigo-700 hover:bg-indigo-50">
            Retry
          </button>
          <button type="button" onClick={props.onDiscard} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-200">
            Discard
          </button>
        </div>
      )}
      {confirmingDelete && (
        <DeleteConfirm
          busy={deleting}
          error={deleteError}
          onConfirm={confirmDelete}
          onCancel={() => {
            setConfirmingDelete(false);
            setDeleteError(null);
          }}
        />
      )}
    </li>
  );
}

function DeleteConfirm({ busy, error, onConfirm, onCancel }: {
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const labelId = useId();
  useEffect(() => cancelRef.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-labelledby={labelId}
      className="mt-1 flex flex-wrap items-center justify-end gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm"
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
    >
      <span id={labelId} className="text-red-900">
        Delete this message for everyone?
      </span>
      <button type="button" ref={cancelRef} onClick={onCancel} className={cn(button.secondary, "min-h-8 px-3")}>
        Cancel
      </button>
      <button type="button" onClick={onConfirm} disabled={busy} className={cn(button.danger, "min-h-8 px-3")}>
        {busy ? "Deleting…" : "Delete"}
      </button>
      {error && (
        <p role="alert" className="w-full text-right text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

function EditForm({ initial, onSave, onCancel }: {
  initial: string;
  onSave: (text: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  async function save() {
    const trimmed = text.trim();
    if (!trimmed) {
      setError("A message cannot be empty. Delete it instead.");
      return;
    }
    if (trimmed === initial.trim()) return onCancel();
    setSaving(true);
    setError(null);
    try {
      await onSave(trimmed);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not save the edit");
      setSaving(false);
    }
  }

  return (
    <div className="w-[min(32rem,80vw)] rounded-2xl border border-indigo-300 bg-white p-2 shadow-sm">
      <label className="sr-only" htmlFor={`${hintId}-input`}>
        Edit message
      </label>
      <textarea
        id={`${hintId}-input`}
        ref={ref}
        value={text}
        rows={Math.min(6, Math.max(2, text.split("\n").length))}
        maxLength={MESSAGE_MAX_LENGTH}
        aria-describedby={hintId}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onCancel();
          } else if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void save();
          }
        }}
        className="block w-full resize-none rounded-md border border-slate-300 px-2 py-1.5 text-[0.9375rem] text-slate-900 focus:border-indigo-600"
      />
      <div className="mt-1.5 flex flex-wrap items-center justify-between gap-2">
        <p id={hintId} className="text-xs text-slate-600">
          {error ? <span className="text-red-700">{error}</span> : "Enter to save · Esc to cancel"}
        </p>
        <div className="flex gap-1.5">
          <button type="button" onClick={onCancel} className={cn(button.ghost, "min-h-8 px-3")}>
            Cancel
          </button>
          <button type="button" onClick={() => void save()} disabled={saving} className={cn(button.primary, "min-h-8 px-3")}>
            {saving ? "Saving…" : "Save"}
          </button>
        </div>
      </div>
    </div>
  );
}
