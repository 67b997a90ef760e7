"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { cn } from "@/components/ui/cn";
import type { Theme } from "@/components/ui/theme";
import { ThemeSelect } from "@/components/ui/theme-select";
import { button } from "@/components/ui/styles";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Skeleton } from "@/components/ui/skeleton";
import { ConnectionStatus } from "./connection-status";
import { ConversationList } from "./conversation-list";
import { BrowseChannelsDialog } from "./browse-channels-dialog";
import { SearchLauncher } from "./search-launcher";
import { NewGroupDialog } from "./new-group-dialog";
import { NewMessageDialog } from "./new-message-dialog";
import { NotificationToggle } from "./notifications/notification-toggle";
import { useChatState, useChatStore } from "./store/context";
import { sortConversations } from "./store/state";

export function Sidebar({ activeId, theme = "system" }: { activeId: string | null; theme?: Theme }) {
  const store = useChatStore();
  const me = useChatState((s) => s.me);
  const conversations = useChatState((s) => s.conversations);
  const people = useChatState((s) => s.people);
  const listStatus = useChatState((s) => s.listStatus);
  const listError = useChatState((s) => s.listError);
  const connection = useChatState((s) => s.connection);
  const sorted = useMemo(() => sortConversations(conversations), [conversations]);
  const [dialog, setDialog] = useState<"message" | "group" | "channels" | null>(null);

  return (
    <div className="flex h-full flex-col bg-white">
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h1 className="text-lg font-bold tracking-tight text-slate-900">Chat</h1>
        <ConnectionStatus state={connection} />
      </header>

      <div className="flex gap-2 px-3 pt-3">
        <button type="button" onClick={() => setDialog("message")} className={cn(button.primary, "flex-1 px-2")}>
          New message
        </button>
        <button type="button" onClick={() => setDialog("group")} className={cn(button.secondary, "flex-1 px-2")}>
          New group
        </button>
      </div>
      <div className="flex gap-2 px-3 pt-2">
        <SearchLauncher />
        <button type="button" onClick={() => setDialog("channels")} className={cn(button.ghost, "min-h-9 flex-1 px-2 text-indigo-800")}>
          Browse channels
        </button>
      </div>

      <nav aria-label="Conversations" className="min-h-0 flex-1 overflow-y-auto">
        {listStatus === "loading" && sorted.length === 0 ? (
          <Skeleton label="Loading conversations…" rows={5} className="p-2" />
        ) : listStatus === "error" && sorted.length === 0 ? (
          <div role="alert" className="px-4 py-6 text-sm text-red-700">
            <p>{listError ?? "Could not load conversations."}</p>
            <button type="button" onClick={() => void store.loadConversations()} className={cn(button.secondary, "mt-2")}>
              Try again
            </button>
          </div>
        ) : (
          <ConversationList
            conversations={sorted}
            meId={me.id}
            activeId={activeId}
            nameOf={(id) => people[id]?.displayName}
          />
        )}
      </nav>

      <div className="flex flex-wrap items-center gap-1 border-t border-slate-200 px-2 py-1.5">
        <NotificationToggle />
        <ThemeSelect initial={theme} className="ml-auto pr-1" />
      </div>

      <footer className="flex items-center gap-3 border-t border-slate-200 px-4 py-3">
        <Avatar name={me.displayName} seed={me.id} size="sm" />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium text-slate-900" data-testid="me-name">
            {me.displayName}
          </span>
          <span className="block truncate text-xs text-slate-600">@{me.username}</span>
        </span>
        <Link href="/chat/settings" className={cn(button.ghost, "min-h-9 px-2 text-sm")}>
          Settings
        </Link>
        <SignOutButton />
      </footer>

      <NewMessageDialog open={dialog === "message"} onClose={() => setDialog(null)} />
      <NewGroupDialog open={dialog === "group"} onClose={() => setDialog(null)} />
      <BrowseChannelsDialog open={dialog === "channels"} onClose={() => setDialog(null)} />
    </div>
  );
}
