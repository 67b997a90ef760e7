/**
 * Times as people read them, in the browser's own locale and time zone: the locale's short time
 * today ("2:05 PM", "14:05"), "Mon" this week, "3 Mar" this year, else "3 Mar 2024".
 * These run only in the browser. The server (and hydration, which must reproduce its HTML) uses
 * the fixed UTC forms of stable-time.ts instead: see use-time-format.ts.
 */
export function formatListTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  if (sameDay(d, now)) return formatClock(d);
  const days = Math.round((startOfDay(now) - startOfDay(d)) / 86_400_000);
  if (days > 0 && days < 7) return d.toLocaleDateString(undefined, { weekday: "short" });
  if (d.getFullYear() === now.getFullYear()) return d.toLocaleDateString(undefined, { day: "numeric", month: "short" });
  return d.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

/** `locale` is for tests; the app passes none, so the browser's own is used. */
export function formatMessageTime(iso: string, locale?: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : formatClock(d, locale);
}

/** The locale's own short time: "3:14 AM" in en-US (no leading zero), "03:14" in de-DE. */
function formatClock(d: Date, locale?: string): string {
  return d.toLocaleTimeString(locale, { timeStyle: "short" });
}

export function formatFullTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatDay(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (sameDay(d, now)) return "Today";
  if (Math.round((startOfDay(now) - startOfDay(d)) / 86_400_000) === 1) return "Yesterday";
  return d.toLocaleDateString(undefined, {
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(d.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
}

export function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}
