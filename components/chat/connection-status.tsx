import { cn } from "@/components/ui/cn";
import type { ConnectionState } from "./store/state";

const LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
};

/** Always visible, so people know whether what they see is current. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <p
      role="status"
      data-testid="connection-status"
      data-state={state}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium",
        state === "live" ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-900",
      )}
    >
      <span
        aria-hidden="true"
        className={cn(
          "size-2 rounded-full",
          state === "live" ? "bg-emerald-600" : "animate-pulse bg-amber-500",
        )}
      />
      {LABELS[state]}
    </p>
  );
}
