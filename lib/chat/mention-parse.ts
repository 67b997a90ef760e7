import type { Member } from "./types";

/**
 * `@name` where name uses the username alphabet and the `@` does not continue a word or an
 * e-mail address ("a@b.example" is no mention). Shared by the server (who is mentioned) and the
 * client (what to highlight), so both read a message the same way.
 */
const MENTION = /(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{1,32})/g;

/** Code is quoted, not addressed: mentions inside code spans and blocks do not count. */
function withoutCode(text: string): string {
  return text.replace(/```[\s\S]*?(```|$)/g, " ").replace(/`[^`\n]*`/g, " ");
}

/** Candidate names for one raw token: itself, then without trailing punctuation ("@bob." ends a sentence). */
function candidates(raw: string): string[] {
  const lower = raw.toLowerCase();
  const trimmed = lower.replace(/[.-]+$/, "");
  return trimmed && trimmed !== lower ? [lower, trimmed] : [lower];
}

/** The member a token names, if any: its exact form first, then without trailing punctuation. */
export function matchMention<T extends { username: string }>(raw: string, people: T[]): { person: T; name: string } | null {
  for (const name of candidates(raw)) {
    const person = people.find((p) => p.username.toLowerCase() === name);
    if (person) return { person, name };
  }
  return null;
}

/** Member ids mentioned in the text, in order of first mention; unknown names are plain text. */
export function resolveMentions(text: string, members: Pick<Member, "userId" | "username">[]): string[] {
  const ids: string[] = [];
  for (const m of withoutCode(text).matchAll(MENTION)) {
    const hit = matchMention(m[2], members);
    if (hit && !ids.includes(hit.person.userId)) ids.push(hit.person.userId);
  }
  return ids;
}

/** Splits plain text into text and `@name` parts (name as typed), for highlighting. */
export function splitMentions(text: string): { text: string; mention?: string }[] {
  const parts: { text: string; mention?: string }[] = [];
  let at = 0;
  for (const m of text.matchAll(MENTION)) {
    const start = m.index! + m[1].length;
    if (start > at) parts.push({ text: text.slice(at, start) });
    parts.push({ text: `@${m[2]}`, mention: m[2] });
    at = start + 1 + m[2].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}
