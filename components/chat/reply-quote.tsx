"use client";

import type { ReplyRef } from "@/lib/chat/types";
import { cn } from "@/components/ui/cn";

/**
 * A quote reads as text: Markdown markers (emphasis, code ticks, link syntax) are dropped, the
 * words kept. Display only; the excerpt itself is what the server sent.
 */
export function plainExcerpt(excerpt: string): string {
  return excerpt
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|~~|`+)/g, "")
    .replace(/(^|\s)[*_](\S[^*_]*\S|\S)[*_](?=\s|$|[.,;:!?])/g, "$1$2")
    .replace(/^\s*(>|[-*+]|\d+\.)\s+/, "");
}

/**
 * The quoted parent above a reply. A button: activating it scrolls to the parent (loading older
 * history if needed). A deleted parent shows as deleted; its text is gone from the server too.
 */
export function ReplyQuote({ replyTo, senderName, onJump, align = "start" }: {
  replyTo: ReplyRef;
  senderName: string;
  onJump?: (replyTo: ReplyRef) => void;
  align?: "start" | "end";
}) {
  const body = replyTo.deleted ? <em>Original message was deleted</em> : plainExcerpt(replyTo.excerpt ?? "");
  const content = (
    <>
      <span aria-hidden="true" className="text-slate-500">
        ↩︎
      </span>
      <span className="min-w-0 truncate">
        <span className="font-semibold text-slate-800">{senderName}</span>
        <span className="text-slate-700">: {body}</span>
      </span>
    </>
  );
  const className = cn(
    "mb-0.5 flex max-w-[85%] items-center gap-1.5 rounded-lg border-l-4 border-slate-300 bg-slate-100 px-2 py-1 text-left text-xs sm:max-w-[70%]",
    align === "end" && "self-end",
  );
  if (!onJump || replyTo.deleted) {
    return (
      <p className={className} data-testid="reply-quote">
        <span className="sr-only">In reply to </span>
        {content}
      </p>
    );
  }
  return (
    <button
      type="button"
      onClick={() => onJump(replyTo)}
      className={cn(className, "hover:bg-slate-200")}
      data-testid="reply-quote"
      aria-label={`In reply to ${senderName}: ${plainExcerpt(replyTo.excerpt ?? "")}. Show the original message`}
    >
      {content}
    </button>
  );
}

/** Above the composer while writing a reply: who and what is answered, and a way out. */
export function ReplyingTo({ senderName, excerpt, onCancel }: { senderName: string; excerpt: string; onCancel: () => void }) {
  return (
    <div
      className="flex items-center gap-2 border-t border-slate-200 bg-slate-100 px-3 py-1.5 text-xs sm:px-4"
      data-testid="replying-to"
      role="status"
    >
      <span aria-hidden="true" className="text-slate-500">
        ↩︎
      </span>
      <p className="min-w-0 flex-1 truncate text-slate-700">
        Replying to <span className="font-semibold text-slate-900">{senderName}</span>: {plainExcerpt(excerpt)}
      </p>
      <button type="button" onClick={onCancel} className="rounded px-2 py-1 font-medium text-slate-700 hover:bg-slate-200">
        Cancel reply
      </button>
    </div>
  );
}
