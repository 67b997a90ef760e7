"use client";

import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Message, ReplyRef, SystemEntry } from "@/lib/chat/types";
import type { PendingMessage } from "./store/state";
import { LATEST_ANCHOR } from "./form-notice";
import { MessageItem } from "./message-item";
import { SystemEntryItem } from "./system-entry";
import type { JumpTarget } from "./use-jump-to-message";
import { useTimeFormat } from "./use-time-format";
import { firstUnreadSeq, lastVisibleMessageId, NewMessagesDivider } from "./new-messages-divider";
import { useLayoutReady } from "./use-layout-ready";

export interface MessageListProps {
  messages: Message[];
  /** Membership and group changes, shown between the messages at their seq. */
  system?: SystemEntry[];
  pending: PendingMessage[];
  meId: string;
  nameOf: (userId: string) => string;
  hasMore: boolean;
  loadingOlder: boolean;
  error: string | null;
  onLoadOlder: () => void;
  editingId: string | null;
  onStartEdit: (messageId: string) => void;
  onCancelEdit: () => void;
  onSaveEdit: (messageId: string, text: string) => Promise<void>;
  onDelete: (messageId: string) => Promise<void>;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** My read position when the conversation was opened: a "New messages" divider goes after it. */
  readUpTo?: number | null;
  /** In a DM: how far the other person has read, for "Seen" under my last message. */
  seenUpTo?: number | null;
  /** The newest message that has been on screen, as the reader scrolls (marks it read). */
  onSeen?: (seq: number) => void;
  usernameOf?: (userId: string) => string | undefined;
  onReact?: (messageId: string, emoji: string, on: boolean) => Promise<void>;
  onReply?: (message: Message) => void;
  onJumpTo?: (replyTo: ReplyRef) => void;
  /** The message just jumped to: scrolled into view, focused and marked for a moment. */
  jumpTarget?: JumpTarget | null;
}

interface Row {
  key: string;
  message: Message;
  pending?: PendingMessage;
}

const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 200;
const GROUP_GAP_MS = 5 * 60_000;

/**
 * Scroll rules: stay pinned to the bottom while the reader is there; when older history is
 * prepended keep the visible messages where they were; when someone writes while the reader is
 * scrolled up, show a "new messages" button instead of jumping.
 */
export function MessageList(props: MessageListProps) {
  const { messages, pending, meId, nameOf, hasMore, loadingOlder, onLoadOlder } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const prev = useRef<{ first?: string; lastSeq: number; firstTop: number; keys: Set<string> }>({
    lastSeq: 0,
    firstTop: 0,
    keys: new Set(),
  });
  const [unseen, setUnseen] = useState(0);
  const laidOut = useLayoutReady(scrollRef);
  const t = useTimeFormat();

  const rows: Row[] = useMemo(
    () => [
      ...messages.map((m) => ({ key: m.id, message: m })),
      ...pending.map((p) => ({
        key: `pending-${p.clientId}`,
        pending: p,
        message: {
          id: `pending-${p.clientId}`,
          conversationId: "",
          seq: Number.MAX_SAFE_INTEGER,
          senderId: meId,
          text: p.text,
          clientId: p.clientId,
          createdAt: p.createdAt,
          editedAt: null,
          deletedAt: null,
          attachments: p.attachments ?? [],
          reactions: [],
          replyTo: null,
          mentions: [],
        },
      })),
    ],
    [messages, pending, meId],
  );
  const first = rows[0]?.key;
  const unreadFrom = useMemo(() => firstUnreadSeq(messages, props.readUpTo ?? null, meId), [messages, props.readUpTo, meId]);
  const { onSeen } = props;
  const reportSeen = () => {
    const el = scrollRef.current;
    const id = el && onSeen && laidOut ? lastVisibleMessageId(el) : null;
    const seq = id ? messages.find((m) => m.id === id)?.seq : undefined;
    if (seq !== undefined) onSeen!(seq);
  };
  const system = useMemo(() => props.system ?? [], [props.system]);
  /** System entries placed before each row (by seq), and those after the last message. */
  const systemAt = useMemo(() => {
    const before = new Map<string, SystemEntry[]>();
    let i = 0;
    for (const row of rows) {
      const here: SystemEntry[] = [];
      while (i < system.length && system[i].seq < row.message.seq) here.push(system[i++]);
      if (here.length) before.set(row.key, here);
    }
    return { before, tail: system.slice(i) };
  }, [rows, system]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !laidOut) return; // nothing measured before the stylesheet applies counts
    const before = prev.current;
    if (before.first === undefined && first !== undefined) {
      // First render with content: at the "New messages" divider if the newest would push it out of view.
      const divider = el.querySelector<HTMLElement>('[data-testid="new-messages-divider"]');
      if (divider && el.scrollHeight - divider.offsetTop > el.clientHeight) {
        el.scrollTop = divider.offsetTop - 8;
        atBottomRef.current = false;
      } else el.scrollTop = el.scrollHeight;
    } else if (first !== before.first && before.first !== undefined && !atBottomRef.current) {
      // Older history prepended: keep the previously first message exactly where it was on screen.
      const anchor = el.querySelector<HTMLElement>(`[data-message-id="${before.first}"]`);
      if (anchor) el.scrollTop += anchor.offsetTop - before.firstTop;
    }
    if (before.first !== undefined) {
      // Genuinely new rows: not a pending message being confirmed, and newer than what was shown.
      const added = rows.filter(
        (r) =>
          !before.keys.has(r.key) &&
          !before.keys.has(`pending-${r.message.clientId}`) &&
          (r.pending || r.message.seq > before.lastSeq),
      );
      if (added.some((r) => r.pending)) el.scrollTop = el.scrollHeight;
      else if (!atBottomRef.current) {
        const fromOthers = added.filter((r) => r.message.senderId !== meId).length;
        if (fromOthers) setUnseen((n) => n + fromOthers);
      }
    }
    prev.current = {
      first,
      firstTop: prev.current.firstTop,
      lastSeq: messages.at(-1)?.seq ?? 0,
      keys: new Set(rows.map((r) => r.key)),
    };
  }, [first, rows, messages, meId, laidOut]);

  // After every commit: stay pinned to the bottom if the reader was there, and remember where the
  // first message sits for the prepend adjustment above.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !laidOut) return;
    if (atBottomRef.current) el.scrollTop = el.scrollHeight;
    const anchor = first ? el.querySelector<HTMLElement>(`[data-message-id="${first}"]`) : null;
    prev.current.firstTop = anchor?.offsetTop ?? 0;
    reportSeen();
  });

  // A jump (to a reply's parent) after the pin-to-bottom above, and it ends any pinning: the
  // reader is now wherever the target is.
  const jumpTarget = props.jumpTarget;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const target = jumpTarget && el?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(jumpTarget.id)}"]`);
    if (!el || !target) return;
    target.scrollIntoView({ block: "center" });
    atBottomRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    target.focus({ preventScroll: true });
  }, [jumpTarget]);

  // A short history that does not fill the pane cannot be scrolled up: fetch more right away.
  useEffect(() => {
    const el = scrollRef.current;
    if (el && laidOut && hasMore && !loadingOlder && el.scrollHeight <= el.clientHeight + NEAR_TOP_PX) onLoadOlder();
  }, [hasMore, loadingOlder, onLoadOlder, messages.length, laidOut]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    atBottomRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (atBottomRef.current && unseen > 0) setUnseen(0);
    if (el.scrollTop < NEAR_TOP_PX && hasMore && !loadingOlder) onLoadOlder();
    reportSeen();
  }

  function jumpToLatest() {
    const el = scrollRef.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
    setUnseen(0);
  }

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        tabIndex={0}
        aria-label="Message history"
        role="region"
        className="relative h-full overflow-y-auto overscroll-contain pb-3 [overflow-anchor:none]"
        data-testid="message-scroller"
      >
        {/* Fixed height: swapping the button for the loading text must not shift the messages. */}
        <div className="flex min-h-12 flex-col items-center justify-end px-4 pt-4 text-center text-xs text-slate-600">
          {loadingOlder ? (
            <span role="status">Loading older messages…</span>
          ) : hasMore ? (
            <button type="button" onClick={onLoadOlder} className="rounded px-2 py-1 font-medium text-indigo-700 hover:bg-indigo-50">
              Load older messages
            </button>
          ) : rows.length > 0 ? (
            <span>This is the beginning of the conversation.</span>
          ) : null}
          {props.error && (
            <p role="alert" className="mt-1 text-red-700">
              {props.error}
            </p>
          )}
        </div>
        {rows.length === 0 && system.length === 0 ? (
          <p className="px-4 py-10 text-center text-sm text-slate-600">No messages yet. Say hello!</p>
        ) : (
          <ol aria-label="Messages" className="flex flex-col">
            {rows.map((row, i) => {
              const m = row.message;
              const before = rows[i - 1]?.message;
              const newDay = !before || !t.sameDay(new Date(before.createdAt), new Date(m.createdAt));
              const showHeader =
                newDay ||
                before.senderId !== m.senderId ||
                Date.parse(m.createdAt) - Date.parse(before.createdAt) > GROUP_GAP_MS;
              return (
                <Fragment key={row.key}>
                  {systemAt.before.get(row.key)?.map((e) => (
                    <SystemEntryItem key={`system-${e.seq}`} entry={e} nameOf={nameOf} meId={meId} />
                  ))}
                  {!row.pending && m.seq === unreadFrom && <NewMessagesDivider />}
                  {newDay && (
                    <li className="mt-4 flex items-center gap-3 px-4 text-xs font-medium text-slate-600">
                      <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
                      <span>{t.day(m.createdAt)}</span>
                      <span aria-hidden="true" className="h-px flex-1 bg-slate-200" />
                    </li>
                  )}
                  <MessageItem
                    message={m}
                    senderName={nameOf(m.senderId)}
                    isOwn={m.senderId === meId}
                    showHeader={showHeader}
                    delivery={row.pending ? { status: row.pending.status, error: row.pending.error } : undefined}
                    isEditing={props.editingId === m.id}
                    onStartEdit={() => props.onStartEdit(m.id)}
                    onCancelEdit={props.onCancelEdit}
                    onSaveEdit={(text) => props.onSaveEdit(m.id, text)}
                    onDelete={() => props.onDelete(m.id)}
                    onRetry={row.pending ? () => props.onRetry(row.pending!.clientId) : undefined}
                    onDiscard={row.pending ? () => props.onDiscard(row.pending!.clientId) : undefined}
                    meId={meId}
                    nameOf={nameOf}
                    usernameOf={props.usernameOf}
                    onReact={props.onReact && !row.pending ? (emoji, on) => props.onReact!(m.id, emoji, on) : undefined}
                    onReply={props.onReply && !row.pending ? () => props.onReply!(m) : undefined}
                    onJumpTo={props.onJumpTo}
                    highlighted={props.jumpTarget?.id === m.id}
                  />
                </Fragment>
              );
            })}
            {systemAt.tail.map((e) => (
              <SystemEntryItem key={`system-${e.seq}`} entry={e} nameOf={nameOf} meId={meId} />
            ))}
          </ol>
        )}
        {(() => {
          const last = rows.at(-1);
          const seen = last && !last.pending && last.message.senderId === meId && (props.seenUpTo ?? 0) >= last.message.seq;
          return seen ? (
            <p className="px-4 pt-0.5 text-right text-xs text-slate-600" data-testid="seen-marker">
              Seen
            </p>
          ) : null;
        })()}
        {/* A form sent without JavaScript comes back to #latest: the browser scrolls the newest into view. */}
        <div id={LATEST_ANCHOR} />
      </div>
      {unseen > 0 && (
        <button
          type="button"
          onClick={jumpToLatest}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-indigo-700 px-4 py-2 text-sm font-semibold text-white shadow-lg hover:bg-indigo-800"
          data-testid="new-messages-cue"
        >
          {unseen === 1 ? "1 new message" : `${unseen} new messages`} ↓
        </button>
      )}
    </div>
  );
}
