/**
 * Times written the same way by the server and by the browser while it hydrates: UTC, English
 * names, spelled out from the ISO string by hand. Intl would follow each runtime's own locale
 * data (Node's ICU and Chromium's differ in spaces and punctuation), and a single differing
 * character is a hydration error. Readers without JavaScript keep these; everyone else gets their
 * own locale and zone right after hydration (use-time-format.ts).
 */
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "13:05 UTC" */
export function stableTime(iso: string): string {
  const d = parse(iso);
  return d ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC` : "";
}

/** "Sunday 29 November 2026" */
export function stableDay(iso: string): string {
  const d = parse(iso);
  return d ? `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : "";
}

/** "Sunday 29 November 2026, 13:05 UTC" */
export function stableFull(iso: string): string {
  return parse(iso) ? `${stableDay(iso)}, ${stableTime(iso)}` : "";
}

/** "29 Nov 13:05": short enough for the conversation list. */
export function stableListTime(iso: string): string {
  const d = parse(iso);
  return d ? `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()].slice(0, 3)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : "";
}

export function sameUtcDay(a: Date, b: Date): boolean {
  return a.getUTCFullYear() === b.getUTCFullYear() && a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() === b.getUTCDate();
}
