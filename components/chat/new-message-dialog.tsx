"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Modal } from "@/components/ui/modal";
import { useChatStore } from "./store/context";
import { UserPicker } from "./user-picker";

/** Pick a person; opens the existing direct conversation or creates it. */
export function NewMessageDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const store = useChatStore();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  return (
    <Modal open={open} onClose={onClose} title="New message">
      <UserPicker
        mode="single"
        autoFocus
        inputLabel="Who do you want to message?"
        onPick={async (user) => {
          if (busy) return;
          setBusy(true);
          setError(null);
          try {
            const id = await store.openDirect(user.id);
            onClose();
            router.push(`/chat/${id}`);
          } catch (err) {
            setError(err instanceof Error ? err.message : "Could not open the conversation");
          } finally {
            setBusy(false);
          }
        }}
      />
      {busy && (
        <p role="status" className="mt-3 text-sm text-slate-600">
          Opening conversation…
        </p>
      )}
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {error}
        </p>
      )}
    </Modal>
  );
}
