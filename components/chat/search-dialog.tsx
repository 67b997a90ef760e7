"use client";

import { useCallback, useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { SearchResult } from "@/lib/chat/search";
import { matchRanges, queryTerms } from "@/lib/chat/search-terms";
import type { User } from "@/lib/chat/types";
import { Modal } from "@/components/ui/modal";
import { cn } from "@/components/ui/cn";
import { button, input, label } from "@/components/ui/styles";
import { api as defaultApi, ApiError } from "./api";
import { useDebouncedQuery } from "./use-debounced-query";
import { formatListTime } from "./format";
import { useChatState, useChatStore } from "./store/context";
import { conversationTitle } from "./store/state";

type SearchFn = (q: string, before?: string) => Promise<{ results: SearchResult[]; senders: User[]; nextCursor: string | null }>;
type Found = { q: string; results: SearchResult[]; senders: Map<string, User>; nextCursor: string | null };

/** Search every conversation I am in; opening a result shows the message in its conversation. */
export function SearchDialog({ open, onClose, search = defaultApi.search }: { open: boolean; onClose: () => void; search?: SearchFn }) {
  return (
    <Modal open={open} onClose={onClose} title="Search messages">
      {open && <SearchPanel onDone={onClose} search={search} />}
    </Modal>
  );
}

/** The text with every word a query term starts marked. */
export function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  const ranges = matchRanges(text, terms);
  const parts: React.ReactNode[] = [];
  let at = 0;
  ranges.forEach(([start, end], i) => {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={i} className="rounded-sm bg-amber-200 text-slate-900">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  });
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

function SearchPanel({ onDone, search }: { onDone: () => void; search: SearchFn }) {
  const store = useChatStore();
  const router = useRouter();
  const me = useChatState((s) => s.me);
  const conversations = useChatState((s) => s.conversations);
  const id = useId();
  const [query, setQuery] = useState("");
  const q = query.trim();
  const load = useCallback(
    async (text: string): Promise<Found> => {
      const page = await search(text);
      return { q: text, results: page.results, senders: new Map(page.senders.map((u) => [u.id, u])), nextCursor: page.nextCursor };
    },
    [search],
  );
  const { data: found, setData: setFound, status, error, setError } = useDebouncedQuery(q, load, {
    delayMs: 250,
    failure: "Search failed",
    enabled: queryTerms(q).length > 0,
  });
  const [loadingMore, setLoadingMore] = useState(false);

  /** The next page of the same search, after the results shown. */
  async function more() {
    if (!found?.nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await search(found.q, found.nextCursor);
      setFound((f) => {
        if (!f || f.q !== found.q) return f;
        const seen = new Set(f.results.map((r) => r.message.id));
        const senders = new Map(f.senders);
        for (const u of page.senders) senders.set(u.id, u);
        return { ...f, results: [...f.results, ...page.results.filter((r) => !seen.has(r.message.id))], senders, nextCursor: page.nextCursor };
      });
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Search failed");
    } finally {
      setLoadingMore(false);
    }
  }

  const terms = queryTerms(found?.q ?? "");
  const hasWords = queryTerms(query).length > 0;

  function openResult(r: SearchResult) {
    onDone();
    router.push(`/chat/${r.conversation.id}`);
    store.reveal(r.conversation.id, r.message.seq, r.message.id);
  }

  return (
    <div className="flex flex-col gap-3">
      <div>
        <label htmlFor={`${id}-q`} className={label}>
          Search for words in your conversations
        </label>
        <input
          id={`${id}-q`}
          type="search"
          autoFocus
          value={query}
          maxLength={200}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="e.g. release notes"
          className={cn(input, "mt-1")}
        />
      </div>
      <p role="status" className="text-sm text-slate-600">
        {!hasWords
          ? "Type a word; the start of a word is enough."
          : status === "loading"
            ? "Searching…"
            : status === "ready" && found
              ? found.results.length === 0
                ? "No messages match."
                : `${found.results.length}${found.nextCursor ? "+" : ""} ${found.results.length === 1 && !found.nextCursor ? "message" : "messages"} found`
              : ""}
      </p>
      {hasWords && found && found.results.length > 0 && (
        <ul aria-label="Search results" className="flex flex-col divide-y divide-slate-200" data-testid="search-results">
          {found.results.map((r) => {
            const known = conversations[r.conversation.id];
            const where = known ? conversationTitle(known, me.id) : (r.conversation.name ?? "Direct message");
            const sender = r.message.senderId === me.id ? "You" : (found.senders.get(r.message.senderId)?.displayName ?? "Former member");
            return (
              <li key={r.message.id}>
                <button
                  type="button"
                  onClick={() => openResult(r)}
                  className="flex w-full flex-col gap-0.5 rounded-md px-2 py-2 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  <span className="flex items-baseline gap-2 text-xs text-slate-600">
                    <span className="truncate font-semibold text-slate-800">{where}</span>
                    <span>·</span>
                    <span className="truncate">{sender}</span>
                    <time dateTime={r.message.createdAt} className="ml-auto shrink-0">
                      {formatListTime(r.message.createdAt)}
                    </time>
                  </span>
                  <span className="line-clamp-2 text-sm text-slate-900">
                    <Highlighted text={r.message.text ?? ""} terms={terms} />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {hasWords && found?.nextCursor && (
        <button type="button" onClick={() => void more()} disabled={loadingMore} className={cn(button.secondary, "self-center")}>
          {loadingMore ? "Loading…" : "More results"}
        </button>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
