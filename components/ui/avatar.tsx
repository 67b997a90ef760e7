import { cn } from "./cn";

// -700 shades keep white initials above 4.5:1 contrast.
const COLORS = [
  "bg-indigo-700",
  "bg-emerald-700",
  "bg-rose-700",
  "bg-sky-700",
  "bg-amber-700",
  "bg-violet-700",
  "bg-teal-700",
  "bg-fuchsia-700",
];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/** The first user-perceived character: a whole emoji (flags, ZWJ sequences), not half of one. */
function firstGrapheme(word: string): string {
  const segment = new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(word)[Symbol.iterator]().next();
  return segment.done ? "" : segment.value.segment;
}

const isEmoji = (g: string) => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(g);

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const first = firstGrapheme(parts[0]);
  // An emoji stands alone: "🚀 Launch" is 🚀, not "🚀L".
  if (isEmoji(first)) return first;
  // The last word that is not an emoji: "Launch crew 🚀" is LC, not "L🚀".
  const words = parts.slice(1).filter((w) => !isEmoji(firstGrapheme(w)));
  const second = words.length ? firstGrapheme(words[words.length - 1]) : "";
  return (first + second).toUpperCase();
}

/** Decorative: the name is always shown next to it, so it is hidden from screen readers. */
export function Avatar({ name, seed, group = false, size = "md" }: {
  name: string;
  seed: string;
  group?: boolean;
  size?: "sm" | "md";
}) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex shrink-0 select-none items-center justify-center font-semibold text-white",
        group ? "rounded-lg" : "rounded-full",
        size === "sm" ? "size-8 text-xs" : "size-10 text-sm",
        COLORS[hash(seed) % COLORS.length],
      )}
    >
      {initials(name)}
    </span>
  );
}
