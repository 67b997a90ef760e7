"use client";

import { formatDay, formatFullTime, formatListTime, formatMessageTime, sameDay } from "./format";
import { sameUtcDay, stableDay, stableFull, stableListTime, stableTime } from "./stable-time";
import { useHydrated } from "./use-hydrated";

export interface TimeFormat {
  /** A message's time: "2:05 PM" */
  time: (iso: string) => string;
  /** Tooltip form: date and time */
  full: (iso: string) => string;
  /** Day divider: "Today", "Monday 3 March" */
  day: (iso: string) => string;
  /** Conversation list: time today, weekday this week, else the date */
  list: (iso: string, now?: Date) => string;
  sameDay: (a: Date, b: Date) => boolean;
}

const local: TimeFormat = { time: (iso) => formatMessageTime(iso), full: formatFullTime, day: (iso) => formatDay(iso), list: formatListTime, sameDay };
const stable: TimeFormat = { time: stableTime, full: stableFull, day: stableDay, list: stableListTime, sameDay: sameUtcDay };

/**
 * The browser's own locale and zone once hydrated; before that (the server's HTML, the hydrating
 * render, a browser without JavaScript) the fixed UTC forms both sides write alike.
 */
export function useTimeFormat(): TimeFormat {
  return useHydrated() ? local : stable;
}
