"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { ChannelSummary } from "@/lib/chat/types";
import { Modal } from "@/components/ui/modal";
import { cn } from "@/components/ui/cn";
import { button, input, label } from "@/components/ui/styles";
import { api as defaultApi, ApiError } from "./api";
import { useDebouncedQuery } from "./use-debounced-query";
import { useChatStore } from "./store/context";

type ListFn = (q: string) => Promise<ChannelSummary[]>;

/** Public groups anyone can find: filter by name, join with one click, or open one you are in. */
export function BrowseChannelsDialog({ open, onClose, list = defaultApi.listChannels }: { open: boolean; onClose: () => void; list?: ListFn }) {
  return (
    <Modal open={open} onClose={onClose} title="Browse channels">
      {open && <ChannelBrowser onDone={onClose} list={list} />}
    </Modal>
  );
}

function ChannelBrowser({ onDone, list }: { onDone: () => void; list: ListFn }) {
  const store = useChatStore();
  const router = useRouter();
  const id = useId();
  const [query, setQuery] = useState("");
  const found = useDebouncedQuery(query.trim(), list, { delayMs: 200, failure: "Could not load channels", initial: "loading", quietReload: true });
  const channels = found.data ?? [];
  const { status, error, setError } = found;
  const [joining, setJoining] = useState<string | null>(null);

  async function open(channel: ChannelSummary) {
    setJoining(channel.id);
    setError(null);
    try {
      if (!channel.joined) await store.joinChannel(channel.id);
      onDone();
      router.push(`/chat/${channel.id}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not join the channel");
      setJoining(null);
    }
  }

  return (
    <div className="flex flex-col gap-3">
      <div>
        <label htmlFor={`${id}-q`} className={label}>
          Find a channel
        </label>
        <input
          id={`${id}-q`}
          type="search"
          autoFocus
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Channel name"
          className={cn(input, "mt-1")}
          maxLength={80}
        />
      </div>
      {status === "loading" && (
        <p role="status" className="text-sm text-slate-600">
          Loading channels…
        </p>
      )}
      {status === "ready" && channels.length === 0 && (
        <p className="text-sm text-slate-600">{query.trim() ? "No public channel matches that name." : "No public channels yet. Make a group public to list it here."}</p>
      )}
      {channels.length > 0 && (
        <ul aria-label="Public channels" className="flex flex-col divide-y divide-slate-200" data-testid="channel-list">
          {channels.map((c) => (
            <li key={c.id} className="flex items-center gap-3 py-2">
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium text-slate-900"># {c.name}</span>
                <span className="block text-xs text-slate-600">
                  {c.memberCount === 1 ? "1 member" : `${c.memberCount} members`}
                  {c.joined ? " · you are a member" : ""}
                </span>
              </span>
              <button
                type="button"
                onClick={() => void open(c)}
                disabled={joining !== null}
                aria-label={`${c.joined ? "Open" : "Join"} ${c.name}`}
                className={cn(c.joined ? button.secondary : button.primary, "min-h-9 px-3")}
              >
                {joining === c.id ? "Joining…" : c.joined ? "Open" : "Join"}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
