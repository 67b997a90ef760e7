"use client";

import { useEffect } from "react";

export default function ChatError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="m-auto max-w-sm p-6 text-center">
      <h2 className="text-base font-semibold text-slate-900">Something went wrong</h2>
      <p className="mt-2 text-sm text-slate-600">This part of the app hit an error. Your messages are safe.</p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
      >
        Try again
      </button>
    </div>
  );
}
