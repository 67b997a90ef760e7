"use client";

import { useId, useState } from "react";
import Link from "next/link";
import { displayNameSchema, passwordSchema } from "@/lib/chat/schemas";
import { cn } from "@/components/ui/cn";
import { button, fieldError, input, label } from "@/components/ui/styles";
import { ApiError } from "./api";
import { useChatState, useChatStore } from "./store/context";

/** My profile: display name (others see it change live) and password (ends my other sessions). */
export function SettingsView() {
  return (
    <div className="h-full w-full overflow-y-auto bg-slate-50">
      <div className="mx-auto flex max-w-lg flex-col gap-6 p-4 sm:p-6">
        <header className="flex items-center gap-3">
          <Link href="/chat" className={cn(button.ghost, "-ml-2 px-2 md:hidden")}>
            <span aria-hidden="true">←</span>
            <span className="sr-only">Back to conversations</span>
          </Link>
          <h2 className="text-lg font-semibold text-slate-900">Settings</h2>
        </header>
        <NameForm />
        <PasswordForm />
      </div>
    </div>
  );
}

function NameForm() {
  const store = useChatStore();
  const me = useChatState((s) => s.me);
  const id = useId();
  const [name, setName] = useState(me.displayName);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const parsed = displayNameSchema.safeParse(name);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid name");
    setError(null);
    setBusy(true);
    try {
      await store.updateDisplayName(parsed.data);
      setStatus("Saved. Everyone sees your new name.");
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not save");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="text-base font-semibold text-slate-900">
        Profile
      </h3>
      <p className="mt-1 text-sm text-slate-600">Signed in as @{me.username}. Your username cannot change.</p>
      <label htmlFor={`${id}-name`} className={cn(label, "mt-3")}>
        Display name
      </label>
      <input
        id={`${id}-name`}
        value={name}
        maxLength={64}
        onChange={(e) => {
          setName(e.target.value);
          setStatus(null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-name-error` : undefined}
        className={cn(input, "mt-1")}
      />
      {error && (
        <p id={`${id}-name-error`} className={fieldError}>
          {error}
        </p>
      )}
      <SubmitRow busy={busy} label="Save name" busyLabel="Saving…" status={status} />
    </form>
  );
}

function PasswordForm() {
  const store = useChatStore();
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setStatus(null);
    const parsed = passwordSchema.safeParse(next);
    if (!current) return setError("Enter your current password");
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid password");
    if (next !== confirm) return setError("The new passwords do not match");
    setError(null);
    setBusy(true);
    try {
      const res = await store.changePassword(current, next);
      setCurrent("");
      setNext("");
      setConfirm("");
      setStatus(
        res.signedOut === 0
          ? "Password changed."
          : `Password changed. ${res.signedOut === 1 ? "1 other session was" : `${res.signedOut} other sessions were`} signed out.`,
      );
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not change the password");
    } finally {
      setBusy(false);
    }
  }

  const field = (key: string, text: string, value: string, set: (v: string) => void, autoComplete: string) => (
    <div className="mt-3">
      <label htmlFor={`${id}-${key}`} className={label}>
        {text}
      </label>
      <input
        id={`${id}-${key}`}
        type="password"
        value={value}
        autoComplete={autoComplete}
        maxLength={128}
        onChange={(e) => set(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={cn(input, "mt-1")}
      />
    </div>
  );

  return (
    <form onSubmit={submit} noValidate className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="text-base font-semibold text-slate-900">
        Password
      </h3>
      <p className="mt-1 text-sm text-slate-600">Changing it signs you out everywhere else; this browser stays signed in.</p>
      {field("current", "Current password", current, setCurrent, "current-password")}
      {field("new", "New password", next, setNext, "new-password")}
      {field("confirm", "Repeat the new password", confirm, setConfirm, "new-password")}
      {error && (
        <p id={`${id}-error`} role="alert" className={fieldError}>
          {error}
        </p>
      )}
      <SubmitRow busy={busy} label="Change password" busyLabel="Changing…" status={status} />
    </form>
  );
}

/** A form's submit button with the polite status line beside it (what the last submit did). */
function SubmitRow({ busy, label, busyLabel, status }: { busy: boolean; label: string; busyLabel: string; status: string | null }) {
  return (
    <div className="mt-3 flex items-center gap-3">
      <button type="submit" disabled={busy} className={button.primary}>
        {busy ? busyLabel : label}
      </button>
      <p role="status" className="text-sm text-slate-700">
        {status}
      </p>
    </div>
  );
}
