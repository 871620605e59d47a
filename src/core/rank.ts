/**
 * Relevance of a search hit: BM25 as SQLite's FTS5 computes it (k1 = 1.2, b = 0.75, a weight per
 * column), but over text we tokenise ourselves, with document frequencies we are given. FTS5's own
 * bm25() first walks the whole index entry of every search term to count the documents holding it
 * — 75 ms for "the" at a million tickets, before it scores a single one — so the store ranks a
 * bounded set of candidates here instead (issue 8). Pure.
 */
import { words } from './search.js';

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

const K1 = 1.2;
const B = 0.75;

/** FTS5's inverse document frequency: never negative, so a very common term still counts a little. */
export function idf(docs: number, df: number): number {
  const v = Math.log((docs - df + 0.5) / (df + 0.5));
  return v > 0 ? v : 1e-6;
}

/** How often each term occurs in a list of folded tokens. */
export function termCounts(tokens: readonly string[], terms: readonly RankTerm[]): number[] {
  return terms.map((term) => {
    const n = term.tokens.length;
    let count = 0;
    for (let i = 0; i + n <= tokens.length; i++) {
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const have = tokens[i + k]!;
        const want = term.tokens[k]!;
        ok = k === n - 1 && term.prefix ? have.startsWith(want) : have === want;
      }
      if (ok) count++;
    }
    return count;
  });
}

/**
 * The BM25 score (higher is better) of a document given as the text of its columns, each column's
 * occurrences counted `weights[column]` times, as `bm25(ticket_fts, 4.0, 1.0, 1.0)` does.
 */
export function bm25(columns: readonly string[], weights: readonly number[], terms: readonly RankTerm[], stats: CorpusStats): number {
  return bm25Tokens(columns.map(words), weights, terms, stats);
}

/** bm25 over columns already split into folded tokens (see words). */
export function bm25Tokens(columns: ReadonlyArray<readonly string[]>, weights: readonly number[], terms: readonly RankTerm[], stats: CorpusStats): number {
  const freq = terms.map(() => 0);
  let length = 0;
  columns.forEach((tokens, c) => {
    length += tokens.length;
    termCounts(tokens, terms).forEach((n, t) => { freq[t]! += n * (weights[c] ?? 1); });
  });
  const norm = K1 * (1 - B + (B * length) / (stats.avgLength > 0 ? stats.avgLength : 1));
  let score = 0;
  terms.forEach((_, t) => {
    const f = freq[t]!;
    if (f > 0) score += (idf(stats.docs, stats.df[t] ?? 0) * f * (K1 + 1)) / (f + norm);
  });
  return score;
}
