export default function Loading() {
  return (
    <p role="status" className="m-auto text-sm text-slate-600">
      Loading…
    </p>
  );
}
