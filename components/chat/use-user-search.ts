"use client";

import type { User } from "@/lib/chat/types";
import { api } from "./api";
import { useDebouncedQuery } from "./use-debounced-query";

export type SearchFn = (q: string) => Promise<User[]>;

const defaultSearch: SearchFn = (q) => api.searchUsers(q, 20);

/** Debounced people search; an empty query lists everyone (first page), which helps small teams. */
export function useUserSearch(query: string, search: SearchFn = defaultSearch) {
  const { data, status, error } = useDebouncedQuery(query.trim(), search, { delayMs: 200, failure: "Search failed" });
  return { results: data ?? [], status, error };
}
