"use client";

import { useEffect, useState } from "react";
import { useParams, usePathname, useRouter } from "next/navigation";
import type { ConversationSummary, User } from "@/lib/chat/types";
import { cn } from "@/components/ui/cn";
import type { Theme } from "@/components/ui/theme";
import { setUnauthorizedHandler } from "./api";
import { useActivityReport } from "./awareness/use-activity-report";
import { LiveAnnouncer } from "./live-announcer";
import type { RealtimeConfig } from "./live/live-transport";
import { NotificationPrefs } from "./notifications/prefs";
import { useDesktopNotifications } from "./notifications/use-desktop-notifications";
import { NotificationPrefsProvider } from "./notifications/use-prefs";
import { Sidebar } from "./sidebar";
import { ChatStore } from "./store/chat-store";
import { ChatStoreProvider, useChatState } from "./store/context";
import { useChatStream } from "./use-chat-stream";
import { useTabTitle } from "./use-tab-title";
import { useHydrated } from "./use-hydrated";

/**
 * The signed-in app frame. Lives in app/chat/layout.tsx so the store and the stream survive
 * navigation between conversations. Below md only one pane shows: the list, or the open chat.
 * `conversations` is the list as the server read it for this page (absent if it could not).
 */
export function ChatShell({
  currentUser,
  conversations,
  theme = "system",
  realtime,
  children,
}: {
  currentUser: User;
  conversations?: ConversationSummary[];
  theme?: Theme;
  /** How this server delivers live events (SSE unless the pusher mode is configured). */
  realtime?: RealtimeConfig;
  children: React.ReactNode;
}) {
  const [store] = useState(() => {
    const s = new ChatStore(currentUser);
    if (conversations) s.seedConversations(conversations);
    s.readsFollowScreen = true; // the message list reports what has been on screen
    return s;
  });
  const params = useParams<{ conversationId?: string }>();
  const activeId = params?.conversationId ?? null;
  // On a phone the open pane replaces the list: a conversation, or a page such as Settings.
  const pathname = usePathname();
  const paneOpen = activeId !== null || pathname !== "/chat";
  const router = useRouter();
  const [prefs] = useState(() => new NotificationPrefs(currentUser.id));
  // The page arrives readable (rendered with its data); this says when it also works (hydrated).
  const hydrated = useHydrated();
  useChatStream(store, realtime);
  useDesktopNotifications(store, prefs);
  useActivityReport();

  useEffect(() => {
    setUnauthorizedHandler(() => router.replace("/login"));
    store.start();
    return () => {
      setUnauthorizedHandler(null);
      store.dispose();
    };
  }, [store, router]);

  return (
    <ChatStoreProvider value={store}>
      <NotificationPrefsProvider value={prefs}>
        <UnreadInTab />
        <a
          href="#chat-main"
          className="sr-only z-50 rounded bg-white px-3 py-2 text-sm font-medium text-indigo-700 focus:not-sr-only focus:absolute focus:left-2 focus:top-2"
        >
          Skip to conversation
        </a>
        <div className="flex h-dvh overflow-hidden" data-hydrated={hydrated || undefined}>
          <div
            className={cn(
              "w-full border-slate-200 md:block md:w-80 md:shrink-0 md:border-r lg:w-96",
              paneOpen ? "hidden" : "block",
            )}
          >
            <Sidebar activeId={activeId} theme={theme} />
          </div>
          <main id="chat-main" className={cn("min-w-0 flex-1 md:flex", paneOpen ? "flex" : "hidden")}>
            {children}
          </main>
        </div>
        <LiveAnnouncer />
      </NotificationPrefsProvider>
    </ChatStoreProvider>
  );
}

function UnreadInTab() {
  const unread = useChatState((s) => Object.values(s.conversations).reduce((n, c) => n + c.unreadCount, 0));
  useTabTitle(unread);
  return null;
}
