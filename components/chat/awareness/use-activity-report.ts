"use client";

import { useEffect } from "react";
import { request } from "../api";

/** Tell the server at most this often that someone is at the keyboard (away is 5 min without). */
export const ACTIVITY_REPORT_MS = 60_000;
const INPUT_EVENTS = ["keydown", "pointerdown", "wheel", "touchstart", "focus"] as const;

/**
 * Reports input in this tab (POST /api/presence/activity), at most once a minute, so presence shows
 * "away" only when nobody has touched any tab for 5 minutes. Opening the stream already counts.
 */
export function useActivityReport(clock: () => number = Date.now) {
  useEffect(() => {
    let last = clock();
    const report = () => {
      if (document.visibilityState === "hidden") return;
      const now = clock();
      if (now - last < ACTIVITY_REPORT_MS) return;
      last = now;
      request("/api/presence/activity", { method: "POST", body: {}, timeoutMs: 10_000 }).catch(() => {
        last = 0; // try again on the next input
      });
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, report, { passive: true, capture: true });
    document.addEventListener("visibilitychange", report);
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, report, { capture: true });
      document.removeEventListener("visibilitychange", report);
    };
  }, [clock]);
}
