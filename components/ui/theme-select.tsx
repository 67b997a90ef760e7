"use client";

import { useId, useState } from "react";
import { cn } from "./cn";
import { THEME_COOKIE, type Theme } from "./theme";

/**
 * Light, dark or the system's setting. The choice lives in a cookie so the server renders <html>
 * with it (no flash of the wrong theme, no script before paint); here it also applies at once.
 */
export function ThemeSelect({ initial, className }: { initial: Theme; className?: string }) {
  const [theme, setTheme] = useState(initial);
  const id = useId();

  function choose(next: Theme) {
    setTheme(next);
    const root = document.documentElement;
    root.classList.remove("light", "dark");
    if (next !== "system") root.classList.add(next);
    document.cookie =
      next === "system"
        ? `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax`
        : `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
  }

  return (
    <span className={cn("inline-flex items-center gap-2 text-sm text-slate-700", className)}>
      <label htmlFor={id} className="font-medium">
        Theme
      </label>
      <select
        id={id}
        value={theme}
        onChange={(e) => choose(e.target.value as Theme)}
        className="min-h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900"
        data-testid="theme-select"
      >
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </span>
  );
}
