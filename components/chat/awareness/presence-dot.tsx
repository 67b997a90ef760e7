"use client";

import type { PresenceStatus } from "@/lib/chat/presence";
import { cn } from "@/components/ui/cn";
import { usePresence } from "./use-awareness";

export const PRESENCE_LABEL: Record<PresenceStatus, string> = { online: "Online", away: "Away", offline: "Offline" };

/**
 * The status dot over an avatar's corner, as Slack and Mattermost show it: filled green online,
 * an amber ring away, a grey ring offline (shape as well as colour, for colour-blind people).
 * Its text is for screen readers; the avatar itself is decorative.
 */
export function PresenceDot({ userId, size = "md", className }: { userId: string | undefined; size?: "sm" | "md"; className?: string }) {
  const status = usePresence(userId);
  return (
    <span
      data-testid="presence-dot"
      data-status={status}
      title={PRESENCE_LABEL[status]}
      className={cn(
        "absolute -bottom-0.5 -right-0.5 rounded-full border-2 border-white",
        size === "sm" ? "size-3" : "size-3.5",
        status === "online" && "bg-emerald-600",
        status === "away" && "bg-white ring-[3px] ring-inset ring-amber-600",
        status === "offline" && "bg-white ring-2 ring-inset ring-slate-500",
        className,
      )}
    >
      <span className="sr-only">{PRESENCE_LABEL[status]}</span>
    </span>
  );
}

/** An avatar with its presence dot (wrap the Avatar so the dot can sit on its corner). */
export function WithPresence({ userId, size, children }: { userId: string | undefined; size?: "sm" | "md"; children: React.ReactNode }) {
  return (
    <span className="relative inline-flex shrink-0">
      {children}
      <PresenceDot userId={userId} size={size} />
    </span>
  );
}
