"use client";

import { useEffect, useState } from "react";
import { ApiError } from "./api";

export type QueryStatus = "idle" | "loading" | "ready" | "error";

/**
 * Runs `load(query)` once the person stops typing for `delayMs`, keeping only the answer to the
 * latest query (an answer to an older one that arrives late is dropped). `enabled: false` skips
 * queries that would find nothing (too short). The data stays on screen while the next query
 * runs; `status` says "loading" meanwhile unless `quietReload` keeps it as it was (a list that
 * filters as you type should not flash a loading line on every key).
 */
export function useDebouncedQuery<T>(
  query: string,
  load: (query: string) => Promise<T>,
  opts: { delayMs: number; failure: string; enabled?: boolean; initial?: QueryStatus; quietReload?: boolean },
) {
  const { delayMs, failure, enabled = true, initial = "idle", quietReload = false } = opts;
  const [data, setData] = useState<T | null>(null);
  const [status, setStatus] = useState<QueryStatus>(initial);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      if (!quietReload) setStatus("loading");
      try {
        const found = await load(query);
        if (cancelled) return;
        setData(found);
        setStatus("ready");
        setError(null);
      } catch (err) {
        if (cancelled) return;
        setStatus("error");
        setError(err instanceof ApiError ? err.message : failure);
      }
    }, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, load, enabled, delayMs, failure, quietReload]);

  return { data, setData, status, error, setError };
}
