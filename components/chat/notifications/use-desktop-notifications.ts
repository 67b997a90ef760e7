"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import type { ChatStore } from "../store/chat-store";
import { noticeFor } from "./decide";
import type { NotificationPrefs } from "./prefs";

export function notificationsSupported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

/**
 * Shows a desktop notification for DMs and @mentions while the tab is hidden, if the person turned
 * them on and the browser allows it. Clicking one brings the tab forward on that conversation.
 */
export function useDesktopNotifications(store: ChatStore, prefs: NotificationPrefs) {
  const router = useRouter();
  useEffect(() => {
    return store.onNewMessage((message) => {
      if (!notificationsSupported() || !prefs.getState().enabled || Notification.permission !== "granted") return;
      const state = store.getState();
      const conversation = state.conversations[message.conversationId];
      if (!conversation) return;
      const notice = noticeFor({
        message,
        conversation,
        meId: state.me.id,
        senderName: state.people[message.senderId]?.displayName ?? "Someone",
        muted: prefs.isMuted(conversation.id),
        hidden: document.visibilityState === "hidden",
      });
      if (!notice) return;
      try {
        const n = new Notification(notice.title, { body: notice.body, tag: notice.tag, icon: "/icon.svg" });
        n.onclick = () => {
          window.focus();
          router.push(`/chat/${notice.conversationId}`);
          n.close();
        };
      } catch {
        // Some mobile browsers only allow notifications from a service worker: nothing to show then.
      }
    });
  }, [store, prefs, router]);
}
