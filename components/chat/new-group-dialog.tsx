"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { User } from "@/lib/chat/types";
import { groupNameSchema } from "@/lib/chat/schemas";
import { Modal } from "@/components/ui/modal";
import { cn } from "@/components/ui/cn";
import { button, fieldError, input, label } from "@/components/ui/styles";
import { useChatStore } from "./store/context";
import { UserPicker } from "./user-picker";

export function NewGroupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="New group">
      {open && <NewGroupForm onDone={onClose} />}
    </Modal>
  );
}

function NewGroupForm({ onDone }: { onDone: () => void }) {
  const store = useChatStore();
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [members, setMembers] = useState<User[]>([]);
  const [isPublic, setIsPublic] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function toggle(user: User) {
    setMembers((m) => (m.some((x) => x.id === user.id) ? m.filter((x) => x.id !== user.id) : [...m, user]));
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const parsed = groupNameSchema.safeParse(name);
    if (!parsed.success) {
      setNameError(parsed.error.issues[0]?.message ?? "Invalid name");
      document.getElementById(`${id}-name`)?.focus();
      return;
    }
    setNameError(null);
    setBusy(true);
    setError(null);
    try {
      const conversationId = await store.createGroup(parsed.data, members.map((m) => m.id), isPublic ? "public" : "private");
      onDone();
      router.push(`/chat/${conversationId}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not create the group");
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <div>
        <label htmlFor={`${id}-name`} className={label}>
          Group name
        </label>
        <input
          id={`${id}-name`}
          value={name}
          autoFocus
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
          className={cn(input, "mt-1")}
        />
        {nameError && (
          <p id={`${id}-name-error`} className={fieldError}>
            {nameError}
          </p>
        )}
      </div>

      {members.length > 0 && (
        <div>
          <p className={label}>Members ({members.length})</p>
          <ul className="mt-1 flex flex-wrap gap-1.5" aria-label="Selected members">
            {members.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  onClick={() => toggle(m)}
                  aria-label={`Remove ${m.displayName}`}
                  className="inline-flex items-center gap-1 rounded-full bg-indigo-100 py-1 pl-3 pr-2 text-sm text-indigo-900 hover:bg-indigo-200"
                >
                  {m.displayName}
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      <UserPicker mode="multi" selected={members} onPick={toggle} inputLabel="Add people" />

      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} className="mt-0.5 size-4 accent-indigo-700" />
        <span>
          Public channel
          <span className="block text-xs text-slate-600">Anyone signed in can find it under Browse channels and join.</span>
        </span>
      </label>

      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onDone} className={button.ghost}>
          Cancel
        </button>
        <button type="submit" disabled={busy} className={button.primary}>
          {busy ? "Creating…" : "Create group"}
        </button>
      </div>
    </form>
  );
}
