import { cn } from "./cn";

const TOP = ["w-3/5", "w-4/5", "w-1/2", "w-2/3"];
const BOTTOM = ["w-5/6", "w-3/4", "w-11/12", "w-2/3"];
const BUBBLE = ["w-2/5", "w-1/2", "w-1/3", "w-3/5"];

/**
 * Placeholder rows in the shape of what is loading (an avatar and two lines, or a bubble), so the
 * layout does not jump when it arrives. One status for screen readers; the shapes are hidden.
 */
export function Skeleton({ label, rows = 4, shape = "row", className }: {
  label: string;
  rows?: number;
  shape?: "row" | "bubble";
  className?: string;
}) {
  return (
    <div role="status" data-testid="skeleton" className={cn("w-full", className)}>
      <span className="sr-only">{label}</span>
      <ul aria-hidden="true" className="flex flex-col gap-3 motion-safe:animate-pulse">
        {Array.from({ length: rows }, (_, i) =>
          shape === "row" ? (
            <li key={i} className="flex items-center gap-3 px-3 py-1.5">
              <span className="size-10 shrink-0 rounded-full bg-slate-200" />
              <span className="flex min-w-0 flex-1 flex-col gap-2">
                <span className={cn("h-3 rounded bg-slate-200", TOP[i % TOP.length])} />
                <span className={cn("h-3 rounded bg-slate-100", BOTTOM[i % BOTTOM.length])} />
              </span>
            </li>
          ) : (
            <li key={i} className={cn("flex px-4", i % 2 ? "justify-end" : "justify-start")}>
              <span className={cn("h-9 rounded-2xl bg-slate-200", BUBBLE[i % BUBBLE.length])} />
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
