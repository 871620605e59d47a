/**
 * Relevance of a search hit: BM25 as SQLite's FTS5 computes it (k1 = 1.2, b = 0.75, a weight per
 * column), but over text we tokenise ourselves, with document frequencies we are given. FTS5's own
 * bm25() first walks the whole index entry of every search term to count the documents holding it
 * — 75 ms for "the" at a million tickets, before it scores a single one — so the store ranks a
 * bounded set of candidates here instead. Pure.
 */
import { fold } from './search.js';

/** One phrase of a search: its folded tokens; `prefix` when the last one is a prefix. */
export interface RankTerm { tokens: readonly string[]; prefix: boolean }

/** What BM25 needs to know about the whole index. */
export interface CorpusStats {
  /** Documents in the index. */
  docs: number;
  /** Average tokens per document (all columns). */
  avgLength: number;
  /** Documents holding each term, in the order of the terms. */
  df: readonly number[];
}

/** A document as BM25 sees it: its length in tokens and each term's weighted occurrences. */
export interface TermFrequencies { length: number; freq: number[] }

const K1 = 1.2;
const B = 0.75;
// eslint-disable-next-line no-control-regex -- every ASCII character, controls included
const ASCII_TEXT = /^[\x00-\x7f]*$/;
const ASCII_TOKEN = /[a-z0-9]+/g;
// Built on first use: compiling a Unicode property class costs every command's start-up (the
// store, and with it this module, is in every bundle) a fraction of a millisecond.
let token: RegExp | undefined;
const TOKEN = (): RegExp => (token ??= /[\p{L}\p{N}\p{Co}]+/gu);

/** FTS5's inverse document frequency: never negative, so a very common term still counts a little. */
export function idf(docs: number, df: number): number {
  const v = Math.log((docs - df + 0.5) / (df + 0.5));
  return v > 0 ? v : 1e-6;
}

/**
 * Counts the terms of one text in one pass, without building a list of its tokens: the text is
 * folded once (plain ASCII: lower-cased) and scanned token by token, keeping the last few tokens
 * for phrases. Adds `weight` per occurrence to `freq`; returns the number of tokens.
 */
export function countTerms(text: string, terms: readonly RankTerm[], freq: number[], weight = 1): number {
  const ascii = ASCII_TEXT.test(text);
  const folded = ascii ? text.toLowerCase() : fold(text);
  const re = ascii ? ASCII_TOKEN : TOKEN();
  let span = 1;
  for (const t of terms) span = Math.max(span, t.tokens.length);
  const recent: string[] = new Array<string>(span);
  let n = 0;
  re.lastIndex = 0;
  for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
    recent[n % span] = m[0];
    n++;
    for (let t = 0; t < terms.length; t++) {
      const want = terms[t]!.tokens;
      const len = want.length;
      if (len === 0 || len > n) continue;
      let ok = true;
      for (let k = 0; k < len && ok; k++) {
        const have = recent[(n - len + k) % span]!;
        ok = k === len - 1 && terms[t]!.prefix ? have.startsWith(want[k]!) : have === want[k];
      }
      if (ok) freq[t]! += weight;
    }
  }
  return n;
}

/** Length and weighted term occurrences of a document given as the text of its columns. */
export function termFrequencies(columns: readonly string[], weights: readonly number[], terms: readonly RankTerm[]): TermFrequencies {
  const freq = terms.map(() => 0);
  let length = 0;
  columns.forEach((text, c) => { length += countTerms(text, terms, freq, weights[c] ?? 1); });
  return { length, freq };
}

/** The BM25 score (higher is better) of a document's term frequencies. */
export function bm25Score(tf: TermFrequencies, stats: CorpusStats): number {
  const norm = K1 * (1 - B + (B * tf.length) / (stats.avgLength > 0 ? stats.avgLength : 1));
  let score = 0;
  tf.freq.forEach((f, t) => {
    if (f > 0) score += (idf(stats.docs, stats.df[t] ?? 0) * f * (K1 + 1)) / (f + norm);
  });
  return score;
}

/**
 * The BM25 score of a document given as the text of its columns, each column's occurrences counted
 * `weights[column]` times, as `bm25(ticket_fts, 4.0, 1.0, 1.0)` does.
 */
export function bm25(columns: readonly string[], weights: readonly number[], terms: readonly RankTerm[], stats: CorpusStats): number {
  return bm25Score(termFrequencies(columns, weights, terms), stats);
}

/** How often each term occurs in a text (for tests and callers without weights). */
export function termCounts(text: string, terms: readonly RankTerm[]): number[] {
  const freq = terms.map(() => 0);
  countTerms(text, terms, freq);
  return freq;
}
