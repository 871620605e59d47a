/**
 * The search language of `ticket search` and `ticket list --search`, parsed into a small tree the
 * store turns into its full-text syntax; and the highlighting of matches in text. Pure.
 *
 *   printer error        both words, anywhere in the subject or the thread (implicit AND)
 *   "paper jam"          the exact phrase
 *   print*               a prefix
 *   printer OR scanner   either
 *   printer NOT laser    exclude (also: printer -laser)
 *   (a OR b) c           grouping
 *
 * Words are matched the way the index tokenizes: letters and digits, case and accents ignored.
 * Because the tree only ever holds letters and digits, the store can quote every term, so no
 * input can inject index syntax (column filters, NEAR, …) that could widen what an actor sees.
 */
import { UsageError } from './errors.js';

export type SearchQuery =
  | { type: 'phrase'; tokens: string[]; prefix: boolean }
  | { type: 'and'; items: SearchQuery[] }
  | { type: 'or'; items: SearchQuery[] }
  | { type: 'not'; include: SearchQuery; exclude: SearchQuery[] };

export const SEARCH_SYNTAX_HINT =
  'search syntax: words (all must match), "exact phrase", prefix*, a OR b, a NOT b (or -b), (grouping)';

/** One token as the index sees it: where it is in the text and its folded form. */
export interface Token { start: number; end: number; norm: string }

// Built on first use: a Unicode property class costs every command's start-up a fraction of a
// millisecond to compile, and most commands never tokenize.
let token: RegExp | undefined;
const TOKEN = (): RegExp => (token ??= /[\p{L}\p{N}\p{Co}]+/gu);

/** Case- and accent-folded form of a token (unicode61 with remove_diacritics). */
export function fold(text: string): string {
  // Plain ASCII (nearly every word) has nothing to decompose.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

// eslint-disable-next-line no-control-regex -- every ASCII character, controls included
const ASCII = /^[\x00-\x7f]*$/;

/** Just the folded tokens of a text, in order (for counting; see tokenize for positions). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN())) out.push(fold(m[0]));
  return out;
}

/** The tokens of a text, with their positions. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN())) out.push({ start: m.index, end: m.index + m[0].length, norm: fold(m[0]) });
  return out;
}

type Lexeme =
  | { kind: 'word'; text: string; prefix: boolean; negated: boolean; at: number }
  | { kind: 'phrase'; text: string; prefix: boolean; negated: boolean; at: number }
  | { kind: 'op'; op: 'AND' | 'OR' | 'NOT'; at: number }
  | { kind: 'open' | 'close'; negated: boolean; at: number };

function invalid(query: string, why: string): UsageError {
  return new UsageError(`cannot understand the search '${query}': ${why}`, SEARCH_SYNTAX_HINT);
}

function lex(query: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const at = i;
    // A leading '-' excludes what follows (a word, a phrase or a group).
    const negated = c === '-' && i + 1 < query.length && /[^\s-]/.test(query[i + 1]!);
    if (negated) i++;
    const d = query[i]!;
    if (d === '(' || d === ')') {
      if (d === ')' && negated) throw invalid(query, `'-' before ')' at position ${at + 1} excludes nothing`);
      out.push({ kind: d === '(' ? 'open' : 'close', negated, at });
      i++;
    } else if (d === '"') {
      const end = query.indexOf('"', i + 1);
      if (end < 0) throw invalid(query, `the quote at position ${i + 1} is never closed`);
      const prefix = query[end + 1] === '*';
      out.push({ kind: 'phrase', text: query.slice(i + 1, end), prefix, negated, at });
      i = end + 1 + (prefix ? 1 : 0);
    } else {
      let end = i;
      while (end < query.length && !/[\s()"]/.test(query[end]!)) end++;
      const text = query.slice(i, end);
      i = end;
      if (!negated && (text === 'AND' || text === 'OR' || text === 'NOT')) out.push({ kind: 'op', op: text, at });
      else out.push({ kind: 'word', text: text.replace(/\*+$/, ''), prefix: /\*$/.test(text), negated, at });
    }
  }
  return out;
}

/** Parses a search; a malformed one is a UsageError (exit 2) that says what is wrong and where. */
export function parseSearchQuery(query: string): SearchQuery {
  const lexemes = lex(query);
  let pos = 0;
  const peek = () => lexemes[pos];
  const where = (l: Lexeme | undefined) => (l ? `at position ${l.at + 1}` : 'at the end');

  const parseOr = (): SearchQuery | null => {
    const items: SearchQuery[] = [];
    let first = parseAnd();
    for (;;) {
      const l = peek();
      if (!(l?.kind === 'op' && l.op === 'OR')) break;
      if (first === null) throw invalid(query, `OR ${where(l)} has nothing on its left`);
      pos++;
      const next = parseAnd();
      if (next === null) throw invalid(query, `OR ${where(l)} has nothing on its right`);
      items.push(first);
      first = next;
    }
    if (first !== null) items.push(first);
    if (items.length === 0) return null;
    return items.length === 1 ? items[0]! : { type: 'or', items };
  };

  // A run of terms joined by AND (explicit or implied) and NOT / '-' exclusions.
  const parseAnd = (): SearchQuery | null => {
    const include: SearchQuery[] = [];
    const exclude: SearchQuery[] = [];
    let pendingNot: Lexeme | null = null;
    let pendingAnd: Lexeme | null = null;
    for (;;) {
      const l = peek();
      if (l === undefined || l.kind === 'close' || (l.kind === 'op' && l.op === 'OR')) break;
      if (l.kind === 'op') {
        if (pendingNot || pendingAnd) throw invalid(query, `${l.op} ${where(l)} follows another operator`);
        if (l.op === 'NOT') pendingNot = l;
        else pendingAnd = l;
        if (include.length === 0 && exclude.length === 0) throw invalid(query, `${l.op} ${where(l)} has nothing on its left`);
        pos++;
        continue;
      }
      const term = parseUnary();
      pendingAnd = null;
      if (term === null) { pendingNot = null; continue; }
      if (pendingNot || term.negated) exclude.push(term.query);
      else include.push(term.query);
      pendingNot = null;
    }
    const dangling = pendingNot ?? pendingAnd;
    if (dangling && dangling.kind === 'op') throw invalid(query, `${dangling.op} ${where(dangling)} has nothing on its right`);
    if (include.length === 0 && exclude.length === 0) return null;
    if (include.length === 0) throw invalid(query, 'it only excludes; say what to find as well (e.g. printer -laser)');
    const base: SearchQuery = include.length === 1 ? include[0]! : { type: 'and', items: include };
    return exclude.length ? { type: 'not', include: base, exclude } : base;
  };

  const parseUnary = (): { query: SearchQuery; negated: boolean } | null => {
    const l = lexemes[pos++]!;
    if (l.kind === 'open') {
      const inner = parseOr();
      const close = peek();
      if (close?.kind !== 'close') throw invalid(query, `the '(' at position ${l.at + 1} is never closed`);
      pos++;
      if (inner === null) throw invalid(query, `the group at position ${l.at + 1} is empty`);
      return { query: inner, negated: l.negated };
    }
    if (l.kind === 'word' || l.kind === 'phrase') {
      const tokens = tokenize(l.text).map((t) => t.norm);
      // Punctuation alone (e.g. "+" or "--") matches nothing; skip it like the index would.
      if (tokens.length === 0) return null;
      return { query: { type: 'phrase', tokens, prefix: l.prefix }, negated: l.negated };
    }
    throw invalid(query, `unexpected ')' at position ${l.at + 1}`);
  };

  const result = parseOr();
  const rest = peek();
  if (rest !== undefined) throw invalid(query, `unexpected ')' at position ${rest.at + 1}`);
  if (result === null) throw invalid(query, 'there is no word to search for');
  return result;
}

/** The phrases a match may consist of (excluded ones left out): what to highlight. */
export function highlightTerms(q: SearchQuery): Array<{ tokens: string[]; prefix: boolean }> {
  switch (q.type) {
    case 'phrase': return [{ tokens: q.tokens, prefix: q.prefix }];
    case 'and':
    case 'or': return q.items.flatMap(highlightTerms);
    case 'not': return highlightTerms(q.include);
  }
}

/** Character ranges [start, end) of every occurrence of the terms in text, sorted, not overlapping. */
export function matchRanges(text: string, terms: ReadonlyArray<{ tokens: string[]; prefix: boolean }>): Array<[number, number]> {
  const tokens = tokenize(text);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const term of terms) {
      const n = term.tokens.length;
      if (i + n > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const last = k === n - 1;
        const have = tokens[i + k]!.norm;
        ok = last && term.prefix ? have.startsWith(term.tokens[k]!) : have === term.tokens[k];
      }
      if (ok) ranges.push([tokens[i]!.start, tokens[i + n - 1]!.end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** A window of text around matches, on one line, with the match ranges relative to it. */
export interface Snippet { text: string; highlights: Array<[number, number]> }

/**
 * The part of `text` (about `width` characters) with the most matches, whitespace collapsed,
 * "…" where it was cut. Null when nothing in the text matches.
 */
export function makeSnippet(text: string, terms: ReadonlyArray<{ tokens: string[]; prefix: boolean }>, width = 120): Snippet | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  const ranges = matchRanges(flat, terms);
  if (ranges.length === 0) return null;
  // Start a little before the window holding the most matches.
  let bestStart = ranges[0]![0];
  let bestCount = 0;
  for (const [s] of ranges) {
    const count = ranges.filter(([a, b]) => a >= s && b <= s + width).length;
    if (count > bestCount) { bestCount = count; bestStart = s; }
  }
  let from = Math.max(0, bestStart - Math.floor(width / 4));
  if (from > 0) {
    const space = flat.lastIndexOf(' ', bestStart);
    from = space >= from ? space + 1 : from;
  }
  let to = Math.min(flat.length, from + width);
  if (to < flat.length) {
    const space = flat.lastIndexOf(' ', to);
    if (space > bestStart) to = space;
  }
  const head = from > 0 ? '…' : '';
  const tail = to < flat.length ? '…' : '';
  const body = flat.slice(from, to);
  const highlights = ranges
    .filter(([a, b]) => a >= from && b <= to)
    .map(([a, b]): [number, number] => [a - from + head.length, b - from + head.length]);
  return { text: `${head}${body}${tail}`, highlights };
}

const STOPWORDS = new Set((
  'a an and are as at be but by can cannot could did do does for from had has have how i if in into is it its ' +
  'me my no not of on or our please so than that the their them then there these they this to too up us was we ' +
  'were what when where which while who why will with would you your help issue problem ticket hi hello thanks'
).split(' '));

/**
 * A search for tickets like one with this subject: any of its distinctive words. Null when the
 * subject has none (e.g. only stopwords).
 */
export function similarQuery(subject: string, maxWords = 8): SearchQuery | null {
  const seen = new Set<string>();
  for (const t of tokenize(subject)) {
    if (t.norm.length < 3 || STOPWORDS.has(t.norm) || /^\d+$/.test(t.norm)) continue;
    seen.add(t.norm);
    if (seen.size === maxWords) break;
  }
  if (seen.size === 0) return null;
  const items = [...seen].map((w): SearchQuery => ({ type: 'phrase', tokens: [w], prefix: false }));
  return items.length === 1 ? items[0]! : { type: 'or', items };
}
