"use client";

import { useId, useState } from "react";
import type { Conversation, Visibility } from "@/lib/chat/types";
import { groupNameSchema } from "@/lib/chat/schemas";
import { Avatar } from "@/components/ui/avatar";
import { WithPresence } from "./awareness/presence-dot";
import { cn } from "@/components/ui/cn";
import { button, fieldError, input, label } from "@/components/ui/styles";
import { UserPicker } from "./user-picker";
import type { SearchFn } from "./use-user-search";
import { VisibilitySetting } from "./visibility-setting";

export interface GroupPanelProps {
  id?: string;
  conversation: Conversation;
  meId: string;
  onClose: () => void;
  onRename: (name: string) => Promise<void>;
  onAdd: (userId: string) => Promise<void>;
  onRemove: (userId: string) => Promise<void>;
  onLeave: () => Promise<void>;
  onSetVisibility?: (visibility: Visibility) => Promise<void>;
  search?: SearchFn;
}

/** Members and their roles; admins rename, add and remove; anyone can leave. */
export function GroupPanel({ id, conversation, meId, onClose, onRename, onAdd, onRemove, onLeave, onSetVisibility, search }: GroupPanelProps) {
  const isAdmin = conversation.members.some((m) => m.userId === meId && m.role === "admin");
  const [adding, setAdding] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function run(key: string, action: () => Promise<void>) {
    setBusy(key);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err instanceof Error ? err.message : "Something went wrong");
    } finally {
      setBusy(null);
    }
  }

  return (
    <aside
      id={id}
      aria-label="Group details"
      className="flex h-full w-full flex-col overflow-y-auto border-l border-slate-200 bg-white"
      data-testid="group-panel"
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 className="text-base font-semibold text-slate-900">Group details</h2>
        <button type="button" onClick={onClose} className={cn(button.ghost, "min-h-9 px-3")}>
          Close
        </button>
      </div>

      <div className="flex flex-col gap-6 p-4">
        {isAdmin ? (
          <RenameForm key={conversation.id} current={conversation.name ?? ""} onRename={onRename} />
        ) : (
          <div>
            <p className={label}>Name</p>
            <p className="mt-1 text-slate-900">{conversation.name}</p>
          </div>
        )}

        <VisibilitySetting visibility={conversation.visibility ?? "private"} canChange={isAdmin} onChange={onSetVisibility} />

        <section aria-labelledby="members-heading">
          <div className="flex items-center justify-between">
            <h3 id="members-heading" className="text-sm font-semibold text-slate-900">
              Members ({conversation.members.length})
            </h3>
            {isAdmin && (
              <button
                type="button"
                aria-expanded={adding}
                onClick={() => setAdding((a) => !a)}
                className="rounded px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
              >
                {adding ? "Done" : "Add people"}
              </button>
            )}
          </div>

          {adding && (
            <div className="mt-2 rounded-lg border border-slate-200 p-3">
              <UserPicker
                mode="single"
                autoFocus
                search={search}
                inputLabel="Add someone to the group"
                excludeIds={conversation.members.map((m) => m.userId)}
                onPick={(u) => void run(`add:${u.id}`, () => onAdd(u.id))}
              />
            </div>
          )}

          <ul className="mt-2 flex flex-col gap-1" aria-label="Members">
            {conversation.members.map((m) => (
              <li key={m.userId} className="flex items-center gap-3 rounded-md px-1 py-1.5" data-testid="group-member">
                <WithPresence userId={m.userId} size="sm">
                  <Avatar name={m.displayName} seed={m.userId} size="sm" />
                </WithPresence>
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm font-medium text-slate-900">
                    {m.displayName}
                    {m.userId === meId && <span className="font-normal text-slate-600"> (you)</span>}
                  </span>
                  <span className="block truncate text-xs text-slate-600">@{m.username}</span>
                </span>
                <span
                  className={cn(
                    "rounded-full px-2 py-0.5 text-xs font-medium",
                    m.role === "admin" ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-700",
                  )}
                >
                  {m.role === "admin" ? "Admin" : "Member"}
                </span>
                {isAdmin && m.userId !== meId && (
                  <button
                    type="button"
                    disabled={busy === `remove:${m.userId}`}
                    onClick={() => void run(`remove:${m.userId}`, () => onRemove(m.userId))}
                    aria-label={`Remove ${m.displayName}`}
                    className="rounded px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>

        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}

        <div className="border-t border-slate-200 pt-4">
          {confirmLeave ? (
            <div role="alertdialog" aria-label="Leave group?" className="flex flex-col gap-2">
              <p className="text-sm text-slate-800">Leave “{conversation.name}”? You will stop receiving its messages.</p>
              <div className="flex gap-2">
                <button type="button" onClick={() => setConfirmLeave(false)} className={button.secondary} autoFocus>
                  Stay
                </button>
                <button
                  type="button"
                  disabled={busy === "leave"}
                  onClick={() => void run("leave", onLeave)}
                  className={button.danger}
                >
                  {busy === "leave" ? "Leaving…" : "Leave group"}
                </button>
              </div>
            </div>
          ) : (
            <button type="button" onClick={() => setConfirmLeave(true)} className={cn(button.secondary, "text-red-700")}>
              Leave group
            </button>
          )}
        </div>
      </div>
    </aside>
  );
}

function RenameForm({ current, onRename }: { current: string; onRename: (name: string) => Promise<void> }) {
  const id = useId();
  const [name, setName] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  // Keyed by conversation, not name: a remount on rename would drop "Group renamed." the moment the
  // new name arrives. A rename by someone else still shows, unless this person is editing.
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    setShown(current);
    if (name.trim() === shown) setName(current);
  }

  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const parsed = groupNameSchema.safeParse(name);
        if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid name");
        setSaving(true);
        setError(null);
        try {
          await onRename(parsed.data);
          setSaved(true);
        } catch (err) {
          setError(err instanceof Error ? err.message : "Could not rename the group");
        } finally {
          setSaving(false);
        }
      }}
    >
      <label htmlFor={`${id}-name`} className={label}>
        Group name
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id={`${id}-name`}
          value={name}
          maxLength={80}
          onChange={(e) => {
            setName(e.target.value);
            setSaved(false);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-msg`}
          className={input}
        />
        <button type="submit" disabled={saving || name.trim() === current} className={cn(button.primary, "shrink-0")}>
          {saving ? "Saving…" : "Rename"}
        </button>
      </div>
      <p id={`${id}-msg`} role="status" className={error ? fieldError : "mt-1 text-sm text-emerald-800"}>
        {error ?? (saved ? "Group renamed." : "")}
      </p>
    </form>
  );
}
