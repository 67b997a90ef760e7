import type { Metadata } from "next";

export const metadata: Metadata = { title: "Conversations" };

export default function ChatHome() {
  return (
    <div className="m-auto max-w-sm p-6 text-center">
      <h2 className="text-lg font-semibold text-slate-900">No conversation open</h2>
      <p className="mt-2 text-sm text-slate-600">
        Pick a conversation on the left, or start one with <strong>New message</strong> or <strong>New group</strong>.
      </p>
    </div>
  );
}
