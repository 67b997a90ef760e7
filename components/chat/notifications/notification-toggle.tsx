"use client";

import { useState, useSyncExternalStore } from "react";
import { cn } from "@/components/ui/cn";
import { notificationsSupported } from "./use-desktop-notifications";
import { useNotificationPrefs } from "./use-prefs";

type Permission = NotificationPermission | "unsupported";

const noop = () => () => {};

/**
 * The one place that asks the browser for permission, and only when the person presses it — never
 * on page load. Shows whether notifications are on, and why not when the browser blocks them.
 */
export function NotificationToggle({ className }: { className?: string }) {
  const [prefs, store] = useNotificationPrefs();
  const [asked, setAsked] = useState<Permission | null>(null);
  const current = useSyncExternalStore<Permission>(
    noop,
    () => (notificationsSupported() ? Notification.permission : "unsupported"),
    () => "default",
  );
  const permission = asked ?? current;
  const on = prefs.enabled && permission === "granted";
  const unavailable = permission === "denied" || permission === "unsupported";

  async function toggle() {
    if (on) return store.setEnabled(false);
    let result: Permission = permission;
    if (permission === "default") {
      result = await Notification.requestPermission();
      setAsked(result);
    }
    if (result === "granted") store.setEnabled(true);
  }

  return (
    <button
      type="button"
      aria-pressed={on}
      disabled={unavailable}
      onClick={() => void toggle()}
      title={
        permission === "denied"
          ? "Blocked in this browser's site settings"
          : permission === "unsupported"
            ? "This browser cannot show notifications"
            : "Direct messages and @mentions while this tab is in the background"
      }
      className={cn(
        "inline-flex min-h-9 items-center gap-2 rounded-md px-2 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-500",
        className,
      )}
      data-testid="notification-toggle"
    >
      <span
        aria-hidden="true"
        className={cn(
          "relative inline-block h-4 w-7 rounded-full transition-colors",
          on ? "bg-indigo-600" : "bg-slate-400",
        )}
      >
        <span className={cn("absolute top-0.5 size-3 rounded-full bg-white transition-all", on ? "left-3.5" : "left-0.5")} />
      </span>
      Desktop notifications
      {permission === "denied" && <span className="text-xs font-normal">(blocked)</span>}
    </button>
  );
}
