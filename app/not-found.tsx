import Link from "next/link";

/**
 * Our own 404 page. Next's built-in one styles itself with inline `style` attributes and a
 * `<style>` element, which the pages' CSP (no 'unsafe-inline' for styles) would block.
 */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Page not found</h1>
      <p className="text-slate-700">There is nothing at this address.</p>
      <Link href="/" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
        Go to the start page
      </Link>
    </main>
  );
}
