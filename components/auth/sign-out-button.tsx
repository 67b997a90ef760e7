"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { cn } from "@/components/ui/cn";

export function SignOutButton({ className }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signOut({ callbackUrl: "/" });
      }}
      className={cn("rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100", className)}
    >
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}
