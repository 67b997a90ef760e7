import { cn } from "@/components/ui/cn";
import type { ConnectionState } from "./store/state";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
};

/**
 * Always visible, so people know whether what they see is current. "compact" is a dot with the
 * label for screen readers and as a tooltip, for the narrow phone header.
 */
export function ConnectionStatus({
  state,
  compact = false,
  className,
}: {
  state: ConnectionState;
  compact?: boolean;
  className?: string;
}) {
  return (
    <p
      role="status"
      data-testid="connection-status"
      data-state={state}
      title={compact ? LABELS[state] : undefined}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full text-xs font-medium",
        compact ? "p-1.5" : "px-2 py-0.5",
        !compact && (state === "live" ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-900"),
        className,
      )}
    >
      <span
        aria-hidden="true"
        className={cn(
          "rounded-full",
          compact ? "size-2.5" : "size-2",
          state === "live" ? "bg-emerald-600" : "animate-pulse bg-amber-500",
        )}
      />
      <span className={compact ? "sr-only" : undefined}>{LABELS[state]}</span>
    </p>
  );
}

/** A strip over the conversation while the stream is down: what is shown may be out of date. */
export function ReconnectingBanner({ state }: { state: ConnectionState }) {
  if (state !== "reconnecting") return null;
  return (
    <p className="border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-center text-xs font-medium text-amber-900">
      Connection lost. Reconnecting… New messages will appear when it is back.
    </p>
  );
}
