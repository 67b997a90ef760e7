import type { Reaction } from "./types";

/** How much of a parent message a reply quotes. */
export const REPLY_EXCERPT_MAX = 140;

/**
 * The start of a message for a reply quote: whitespace collapsed, cut at a code-point boundary
 * (never half an emoji) and marked with "…" when shortened. At most REPLY_EXCERPT_MAX UTF-16
 * units, so it holds for JavaScript's `length` as well as for code points.
 * Pure, so both store adapters build the same quote from the parent's current text.
 */
export function replyExcerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= REPLY_EXCERPT_MAX) return flat;
  let cut = "";
  for (const ch of flat) {
    if (cut.length + ch.length > REPLY_EXCERPT_MAX - 1) break;
    cut += ch;
  }
  return `${cut.trimEnd()}…`;
}

/**
 * Reactions grouped by emoji, emoji in order of first use, people in the order they reacted.
 * Input: individual reactions, earliest first.
 */
export function groupReactions(rows: { emoji: string; userId: string }[]): Reaction[] {
  const byEmoji = new Map<string, string[]>();
  for (const r of rows) {
    const users = byEmoji.get(r.emoji) ?? [];
    if (!users.includes(r.userId)) users.push(r.userId);
    byEmoji.set(r.emoji, users);
  }
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, count: userIds.length, userIds }));
}
