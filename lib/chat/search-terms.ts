/**
 * What a word is, for search: runs of letters and digits, compared without case or accents
 * ("Café" matches "cafe"). Both adapters index and match with these rules (SQLite's FTS5
 * unicode61 tokenizer with remove_diacritics follows the same ones), and the client highlights
 * matches with them.
 */
export function normalizeText(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

export function words(text: string): string[] {
  return normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The distinct words of a text, for an index. */
export function indexTerms(text: string): string[] {
  return [...new Set(words(text))];
}

/** At most this many words of a query are used; the rest only narrow what is already rare. */
export const MAX_QUERY_TERMS = 8;

/** The query's words; each matches any word that starts with it. */
export function queryTerms(q: string): string[] {
  return [...new Set(words(q))].slice(0, MAX_QUERY_TERMS);
}

/** True when every query term is a prefix of some word of the text. */
export function matchesAll(text: string, terms: string[]): boolean {
  const ws = words(text);
  return terms.every((t) => ws.some((w) => w.startsWith(t)));
}

/**
 * [start, end) ranges of the text's words that a query term starts, for highlighting. Positions
 * are in the original text: normalization never merges letters, so each word is found by its own
 * letters' positions.
 */
export function matchRanges(text: string, terms: string[]): [number, number][] {
  if (terms.length === 0) return [];
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const w = normalizeText(m[0]);
    const t = terms.find((term) => w.startsWith(term));
    if (!t) continue;
    // Map the matched prefix back onto the original characters.
    let end = m.index!;
    let seen = 0;
    while (end < m.index! + m[0].length && seen < t.length) {
      seen += normalizeText(text[end]).length;
      end++;
    }
    while (end < m.index! + m[0].length && /\p{M}/u.test(text[end])) end++;
    ranges.push([m.index!, end]);
  }
  return ranges;
}
