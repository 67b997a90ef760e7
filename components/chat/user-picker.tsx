"use client";

import { useId, useState } from "react";
import type { User } from "@/lib/chat/types";
import { Avatar } from "@/components/ui/avatar";
import { Skeleton } from "@/components/ui/skeleton";
import { input, label } from "@/components/ui/styles";
import { useUserSearch, type SearchFn } from "./use-user-search";

export interface UserPickerProps {
  /** "single": each result is a button; "multi": each result is a checkbox. */
  mode: "single" | "multi";
  selected?: User[];
  onPick: (user: User) => void;
  /** People who cannot be picked (already members). */
  excludeIds?: string[];
  search?: SearchFn;
  autoFocus?: boolean;
  inputLabel?: string;
}

export function UserPicker({ mode, selected = [], onPick, excludeIds = [], search, autoFocus, inputLabel }: UserPickerProps) {
  const [query, setQuery] = useState("");
  const { results, status, error } = useUserSearch(query, search);
  const id = useId();
  const visible = results.filter((u) => !excludeIds.includes(u.id));
  const selectedIds = new Set(selected.map((u) => u.id));

  return (
    <div>
      <label htmlFor={`${id}-q`} className={label}>
        {inputLabel ?? "Search people"}
      </label>
      <input
        id={`${id}-q`}
        type="search"
        value={query}
        autoFocus={autoFocus}
        autoComplete="off"
        placeholder="Name or username"
        onChange={(e) => setQuery(e.target.value)}
        aria-describedby={`${id}-status`}
        className={`${input} mt-1`}
      />
      <p id={`${id}-status`} role="status" className="sr-only">
        {status === "ready" ? `${visible.length} ${visible.length === 1 ? "person" : "people"} found` : ""}
      </p>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {status !== "ready" && status !== "error" && visible.length === 0 && <Skeleton label="Loading people…" rows={3} className="mt-2" />}
      <ul className="mt-2 flex max-h-64 flex-col gap-0.5 overflow-y-auto" aria-label="People">
        {visible.map((u) => (
          <li key={u.id}>
            {mode === "single" ? (
              <button
                type="button"
                onClick={() => onPick(u)}
                className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left hover:bg-slate-100"
              >
                <Avatar name={u.displayName} seed={u.id} size="sm" />
                <PersonName user={u} />
              </button>
            ) : (
              <label className="flex w-full items-center gap-3 rounded-md px-2 py-2 hover:bg-slate-100">
                <input
                  type="checkbox"
                  checked={selectedIds.has(u.id)}
                  onChange={() => onPick(u)}
                  className="size-4 accent-indigo-600"
                />
                <Avatar name={u.displayName} seed={u.id} size="sm" />
                <PersonName user={u} />
              </label>
            )}
          </li>
        ))}
      </ul>
      {status === "ready" && visible.length === 0 && (
        <p className="mt-2 text-sm text-slate-600">{query ? `No one matches “${query}”.` : "No one else is here yet."}</p>
      )}
    </div>
  );
}

function PersonName({ user }: { user: User }) {
  return (
    <span className="min-w-0">
      <span className="block truncate text-sm font-medium text-slate-900">{user.displayName}</span>
      <span className="block truncate text-xs text-slate-600">@{user.username}</span>
    </span>
  );
}
