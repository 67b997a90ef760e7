"use client";

import { useEffect, useState } from "react";
import type { User } from "@/lib/chat/types";
import { api, ApiError } from "./api";

export type SearchFn = (q: string) => Promise<User[]>;

const defaultSearch: SearchFn = (q) => api.searchUsers(q, 20);

/** Debounced people search; an empty query lists everyone (first page), which helps small teams. */
export function useUserSearch(query: string, search: SearchFn = defaultSearch) {
  const [results, setResults] = useState<User[]>([]);
  const [status, setStatus] = useState<"idle" | "loading" | "ready" | "error">("idle");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(async () => {
      setStatus("loading");
      try {
        const users = await search(query.trim());
        if (cancelled) return;
        setResults(users);
        setStatus("ready");
        setError(null);
      } catch (err) {
        if (cancelled) return;
        setStatus("error");
        setError(err instanceof ApiError ? err.message : "Search failed");
      }
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, search]);

  return { results, status, error };
}
