import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

const FEATURES = [
  { title: "Direct messages and groups", body: "Talk one-to-one or bring the team together; admins manage who is in." },
  { title: "Live, and it catches up", body: "Messages, edits and deletions appear instantly, and after a dropped connection nothing is missed." },
  { title: "Yours to host", body: "One command on one machine, or several instances over MongoDB and Kafka. Your history stays with you." },
];

export default async function Home() {
  if (await getCurrentUser()) redirect("/chat");
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="mx-auto flex w-full max-w-5xl items-center justify-between px-4 py-4 sm:px-6">
        <span className="text-xl font-bold tracking-tight text-slate-900">Chat</span>
        <nav aria-label="Account" className="flex items-center gap-2">
          <Link href="/login" className="rounded-md px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
            Sign in
          </Link>
          <Link href="/register" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">
            Register
          </Link>
        </nav>
      </header>

      <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col justify-center px-4 py-12 sm:px-6">
        <h1 className="max-w-2xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
          Team chat you run yourself.
        </h1>
        <p className="mt-4 max-w-xl text-lg text-slate-700">
          A real-time chat for your team: direct messages, groups, edits and deletions, all live, with the whole
          history kept on your own server.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link href="/register" className="rounded-md bg-indigo-600 px-5 py-3 text-base font-semibold text-white hover:bg-indigo-700">
            Create an account
          </Link>
          <Link href="/login" className="rounded-md border border-slate-300 bg-white px-5 py-3 text-base font-semibold text-slate-800 hover:bg-slate-100">
            Sign in
          </Link>
        </div>

        <ul className="mt-14 grid gap-4 sm:grid-cols-3">
          {FEATURES.map((f) => (
            <li key={f.title} className="rounded-xl border border-slate-200 bg-white p-5">
              <h2 className="text-base font-semibold text-slate-900">{f.title}</h2>
              <p className="mt-2 text-sm text-slate-700">{f.body}</p>
            </li>
          ))}
        </ul>
      </main>

      <footer className="mx-auto w-full max-w-5xl px-4 py-6 text-sm text-slate-600 sm:px-6">Self-hosted team chat</footer>
    </div>
  );
}
