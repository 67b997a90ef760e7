import { deleteMessageAction, editMessageAction } from "@/app/chat/actions";
import type { Message } from "@/lib/chat/types";
import { cn } from "@/components/ui/cn";
import { button } from "@/components/ui/styles";

/**
 * Edit and delete for your own message before the page has hydrated, or without JavaScript: a
 * disclosure with two plain forms posting to server actions (app/chat/actions.ts), which come
 * back to the conversation with a notice. Once hydrated, the message's own menu, inline editor
 * and delete confirmation replace it (message-item.tsx).
 */
export function MessageFormsFallback({ message, align }: { message: Message; align: "start" | "end" }) {
  const field = `edit-${message.id}`;
  const ids = (
    <>
      <input type="hidden" name="conversationId" value={message.conversationId} />
      <input type="hidden" name="messageId" value={message.id} />
    </>
  );
  return (
    <details className={cn("mt-0.5 max-w-[85%] px-1 text-xs sm:max-w-[70%]", align === "end" && "text-right")} data-testid="message-forms">
      <summary className="cursor-pointer rounded px-2 py-1 font-medium text-slate-700 hover:bg-slate-200">Edit or delete</summary>
      <div className="mt-1 flex w-[min(32rem,80vw)] flex-col gap-2 rounded-2xl border border-slate-300 bg-white p-2 text-left">
        <form action={editMessageAction} className="flex flex-col gap-1.5">
          {ids}
          <label htmlFor={field} className="font-medium text-slate-800">
            Edit message
          </label>
          <textarea
            id={field}
            name="text"
            defaultValue={message.text ?? ""}
            rows={3}
            className="block w-full resize-y rounded-md border border-slate-400 px-2 py-1.5 text-[0.9375rem] text-slate-900 focus:border-indigo-600"
          />
          <button type="submit" className={cn(button.primary, "min-h-8 self-end px-3")}>
            Save edit
          </button>
        </form>
        <form action={deleteMessageAction} className="flex items-center justify-end gap-2 border-t border-slate-200 pt-2">
          {ids}
          <span className="text-slate-700">Removes the text for everyone.</span>
          <button type="submit" className={cn(button.danger, "min-h-8 px-3")}>
            Delete message
          </button>
        </form>
      </div>
    </details>
  );
}
