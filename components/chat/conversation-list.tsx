import Link from "next/link";
import type { ConversationSummary } from "@/lib/chat/types";
import { Avatar } from "@/components/ui/avatar";
import { cn } from "@/components/ui/cn";
import { WithPresence } from "./awareness/presence-dot";
import { conversationTitle } from "./store/state";
import { useTimeFormat } from "./use-time-format";

export interface ConversationListProps {
  /** Already sorted, most recent activity first (see sortConversations). */
  conversations: ConversationSummary[];
  meId: string;
  activeId: string | null;
  /** Display name for a user id, including people who have left. */
  nameOf?: (userId: string) => string | undefined;
  now?: Date;
}

export function previewText(c: ConversationSummary, meId: string, nameOf?: (id: string) => string | undefined) {
  const m = c.lastMessage;
  if (!m) return c.type === "group" ? "Group created" : "No messages yet";
  const who =
    m.senderId === meId
      ? "You: "
      : c.type === "group"
        ? `${(nameOf?.(m.senderId) ?? c.members.find((x) => x.userId === m.senderId)?.displayName ?? "Someone").split(" ")[0]}: `
        : "";
  return m.deletedAt ? `${who}Message deleted` : `${who}${m.text ?? ""}`;
}

export function ConversationList({ conversations, meId, activeId, nameOf, now }: ConversationListProps) {
  const t = useTimeFormat();
  if (conversations.length === 0) {
    return (
      <p className="px-4 py-6 text-sm text-slate-600">
        No conversations yet. Start one with <strong>New message</strong> or <strong>New group</strong>.
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-0.5 p-2" aria-label="Conversations">
      {conversations.map((c) => {
        const title = conversationTitle(c, meId);
        const active = c.id === activeId;
        const unread = c.unreadCount > 0 && !active;
        const other = c.type === "direct" ? c.members.find((m) => m.userId !== meId) : undefined;
        return (
          <li key={c.id} data-testid="conversation-item" data-conversation-id={c.id}>
            <Link
              href={`/chat/${c.id}`}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-lg px-3 py-2.5 outline-offset-[-2px]",
                active ? "bg-indigo-100" : "hover:bg-slate-100",
              )}
            >
              {other ? (
                <WithPresence userId={other.userId}>
                  <Avatar name={title} seed={other.userId} />
                </WithPresence>
              ) : (
                <Avatar name={title} seed={c.id} group={c.type === "group"} />
              )}
              <span className="min-w-0 flex-1">
                <span className="flex items-baseline justify-between gap-2">
                  <span
                    className={cn("truncate text-sm", unread ? "font-bold text-slate-900" : "font-medium text-slate-800")}
                    data-testid="conversation-title"
                  >
                    {title}
                  </span>
                  <time
                    dateTime={c.lastMessage?.createdAt ?? c.lastActivityAt}
                    title={t.full(c.lastMessage?.createdAt ?? c.lastActivityAt)}
                    className={cn("shrink-0 text-xs", unread ? "font-semibold text-indigo-700" : "text-slate-600")}
                  >
                    {t.list(c.lastMessage?.createdAt ?? c.lastActivityAt, now)}
                  </time>
                </span>
                <span className="mt-0.5 flex items-center justify-between gap-2">
                  <span
                    className={cn("truncate text-sm", unread ? "text-slate-900" : "text-slate-600")}
                    data-testid="conversation-preview"
                  >
                    {previewText(c, meId, nameOf)}
                  </span>
                  {c.mentionCount > 0 && !active && (
                    <span
                      className="inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-amber-500 text-xs font-bold text-amber-950"
                      data-testid="mention-badge"
                      title={c.mentionCount === 1 ? "You were mentioned" : `You were mentioned ${c.mentionCount} times`}
                    >
                      <span aria-hidden="true">@</span>
                      <span className="sr-only">
                        {c.mentionCount === 1 ? "1 mention of you" : `${c.mentionCount} mentions of you`}
                      </span>
                    </span>
                  )}
                  {unread && (
                    <span
                      className="inline-flex min-w-5 shrink-0 items-center justify-center rounded-full bg-indigo-700 px-1.5 text-xs font-semibold leading-5 text-white"
                      data-testid="unread-badge"
                    >
                      {c.unreadCount > 99 ? "99+" : c.unreadCount}
                      <span className="sr-only"> unread {c.unreadCount === 1 ? "message" : "messages"}</span>
                    </span>
                  )}
                </span>
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
