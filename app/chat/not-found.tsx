import Link from "next/link";

export default function ChatNotFound() {
  return (
    <div className="m-auto max-w-sm p-6 text-center">
      <h2 className="text-base font-semibold text-slate-900">Conversation not found</h2>
      <p className="mt-2 text-sm text-slate-600">The link may be wrong, or you are not a member of this conversation.</p>
      <Link href="/chat" className="mt-4 inline-block rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
        Back to conversations
      </Link>
    </div>
  );
}
