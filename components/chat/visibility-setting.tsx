"use client";

import { useState } from "react";
import type { Visibility } from "@/lib/chat/types";
import { cn } from "@/components/ui/cn";
import { button, label } from "@/components/ui/styles";

/** Who can find and join the group; admins switch it, everyone sees it. */
export function VisibilitySetting({
  visibility,
  canChange,
  onChange,
}: {
  visibility: Visibility;
  canChange: boolean;
  onChange?: (visibility: Visibility) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next: Visibility = visibility === "public" ? "private" : "public";

  async function toggle() {
    if (!onChange) return;
    setBusy(true);
    setError(null);
    try {
      await onChange(next);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not change who can join");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <p className={label}>Who can join</p>
      <p className="mt-1 text-sm text-slate-700" data-testid="visibility">
        {visibility === "public" ? "Public channel: anyone signed in can find and join it." : "Private: only people an admin adds."}
      </p>
      {canChange && onChange && (
        <button type="button" onClick={() => void toggle()} disabled={busy} className={cn(button.secondary, "mt-2 min-h-9 px-3")}>
          {busy ? "Saving…" : next === "public" ? "Make public" : "Make private"}
        </button>
      )}
      {error && (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
