"use client";

import { createContext, useContext } from "react";
import Link from "next/link";
import { deleteMessageAction, editMessageAction } from "@/app/chat/actions";
import type { Message } from "@/lib/chat/types";
import { cn } from "@/components/ui/cn";
import { button } from "@/components/ui/styles";

/** The message whose forms the page shows (`?edit=<id>`), for browsers without JavaScript. */
export const NoJsEditContext = createContext<string | null>(null);

/**
 * Edit and delete for your own message before the page has hydrated, or without JavaScript: a
 * link to the same page with `?edit=<id>`, where that message shows an edit form and a delete
 * button (the extra step is the confirmation), both posting to server actions (app/chat/actions.ts)
 * that come back with a notice. Only the chosen message carries a form, so the page does not hold
 * a second copy of every text. Once hydrated, the message's own menu, inline editor and delete
 * confirmation replace this (message-item.tsx).
 */
export function MessageFormsFallback({ message, align }: { message: Message; align: "start" | "end" }) {
  const editing = useContext(NoJsEditContext) === message.id;
  const page = `/chat/${encodeURIComponent(message.conversationId)}`;
  const anchor = `edit-${message.id}`;
  if (!editing) {
    return (
      <Link
        href={`${page}?edit=${encodeURIComponent(message.id)}#${anchor}`}
        className="mt-0.5 rounded px-2 py-1 text-xs font-medium text-slate-700 underline hover:bg-slate-200"
        data-testid="message-forms-link"
      >
        Edit or delete
      </Link>
    );
  }
  const ids = (
    <>
      <input type="hidden" name="conversationId" value={message.conversationId} />
      <input type="hidden" name="messageId" value={message.id} />
    </>
  );
  return (
    <div
      id={anchor}
      className={cn("mt-1 flex w-[min(32rem,80vw)] flex-col gap-2 rounded-2xl border border-slate-300 bg-white p-2 text-xs", align === "end" && "self-end")}
      data-testid="message-forms"
    >
      <form action={editMessageAction} className="flex flex-col gap-1.5">
        {ids}
        <label htmlFor={`${anchor}-text`} className="font-medium text-slate-800">
          Edit message
        </label>
        <textarea
          id={`${anchor}-text`}
          name="text"
          defaultValue={message.text ?? ""}
          rows={3}
          className="block w-full resize-y rounded-md border border-slate-400 px-2 py-1.5 text-[0.9375rem] text-slate-900 focus:border-indigo-600"
        />
        <div className="flex items-center justify-end gap-2">
          <Link href={`${page}#latest`} className={cn(button.ghost, "min-h-8 px-3")}>
            Cancel
          </Link>
          <button type="submit" className={cn(button.primary, "min-h-8 px-3")}>
            Save edit
          </button>
        </div>
      </form>
      <form action={deleteMessageAction} className="flex items-center justify-end gap-2 border-t border-slate-200 pt-2">
        {ids}
        <span className="text-slate-700">Removes the text for everyone.</span>
        <button type="submit" className={cn(button.danger, "min-h-8 px-3")}>
          Delete message
        </button>
      </form>
    </div>
  );
}
