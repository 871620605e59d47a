/**
 * BM25 computed in JS (core/rank.ts): FTS5's formula, idf clamp, and phrase/prefix counting.
 */
import { describe, expect, it } from 'vitest';
import { bm25, idf, termCounts } from '../../src/core/rank.js';
import { words } from '../../src/core/search.js';

const term = (text: string, prefix = false) => ({ tokens: words(text), prefix });

describe('idf', () => {
  it.each([
    [1000, 10, Math.log(990.5 / 10.5)],
    [1000, 499, Math.log(501.5 / 499.5)],
    [1000, 500, 1e-6], // log(500.5/500.5) = 0: FTS5 clamps to a tiny positive weight
    [1000, 999, 1e-6],
  ])('docs %i, df %i', (docs, df, expected) => {
    expect(idf(docs, df)).toBeCloseTo(expected, 12);
  });
});

describe('termCounts', () => {
  it.each([
    ['the printer jams; Printer!', [term('printer')], [2]],
    ['paper jam in the paper tray', [term('paper jam'), term('jam paper')], [1, 0]],
    ['printing printers print', [term('print', true), term('print')], [3, 1]],
    ['Café CAFE cafe', [term('cafe')], [3]],
    ['nothing here', [term('printer'), term('x y z')], [0, 0]],
    ['Ünïcödé printers: DRUCKER-Fehler, drucker fehler', [term('drucker fehler'), term('unicode'), term('print', true)], [2, 1, 1]],
    ['a b a b a b', [term('a b a'), term('b')], [2, 3]],
  ])('%s', (text, terms, expected) => {
    expect(termCounts(text, terms)).toEqual(expected);
  });
});

describe('bm25', () => {
  it('is FTS5\'s formula with column weights', () => {
    // freq = 4·1 (subject) + 1·1 (thread) = 5; length 6; norm = 1.2·(0.25 + 0.75·6/50) = 0.408
    const score = bm25(['printer jam', 'the printer is broken', ''], [4, 1, 1], [term('printer')], { docs: 1000, avgLength: 50, df: [10] });
    expect(score).toBeCloseTo((Math.log(990.5 / 10.5) * 5 * 2.2) / (5 + 0.408), 10);
  });

  it('adds the terms; a term not in the document adds nothing', () => {
    const stats = { docs: 100, avgLength: 4, df: [5, 50] };
    const one = bm25(['printer', 'error'], [1, 1], [term('printer')], { ...stats, df: [5] });
    const both = bm25(['printer', 'error'], [1, 1], [term('printer'), term('missing')], stats);
    expect(both).toBeCloseTo(one, 12);
    expect(bm25(['printer', 'error'], [1, 1], [term('printer'), term('error')], stats)).toBeGreaterThan(one);
  });

  it('ranks a short document above a long one with the same occurrences', () => {
    const stats = { docs: 100, avgLength: 20, df: [3] };
    const short = bm25(['vpn down'], [1], [term('vpn')], stats);
    const long = bm25([`vpn down ${'and more words '.repeat(10)}`], [1], [term('vpn')], stats);
    expect(short).toBeGreaterThan(long);
    expect(bm25(['nothing'], [1], [term('vpn')], stats)).toBe(0);
  });
});
