import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  fold, highlightTerms, makeSnippet, matchRanges, parseSearchQuery, similarQuery, tokenize, type SearchQuery,
} from '../../src/core/search.js';

const p = (tokens: string[], prefix = false): SearchQuery => ({ type: 'phrase', tokens, prefix });

describe('parseSearchQuery: the search language', () => {
  const cases: Array<[string, SearchQuery]> = [
    ['printer', p(['printer'])],
    ['Printer ERROR', { type: 'and', items: [p(['printer']), p(['error'])] }],
    ['printer AND error', { type: 'and', items: [p(['printer']), p(['error'])] }],
    ['"paper jam"', p(['paper', 'jam'])],
    ['"Paper Jam" tray', { type: 'and', items: [p(['paper', 'jam']), p(['tray'])] }],
    ['print*', p(['print'], true)],
    ['"paper ja"*', p(['paper', 'ja'], true)],
    ['printer OR scanner', { type: 'or', items: [p(['printer']), p(['scanner'])] }],
    ['a b OR c', { type: 'or', items: [{ type: 'and', items: [p(['a']), p(['b'])] }, p(['c'])] }],
    ['printer NOT laser', { type: 'not', include: p(['printer']), exclude: [p(['laser'])] }],
    ['printer -laser -inkjet', { type: 'not', include: p(['printer']), exclude: [p(['laser']), p(['inkjet'])] }],
    ['-laser printer', { type: 'not', include: p(['printer']), exclude: [p(['laser'])] }],
    ['(vpn OR wifi) drops', { type: 'and', items: [{ type: 'or', items: [p(['vpn']), p(['wifi'])] }, p(['drops'])] }],
    ['printer -(laser OR toner)', { type: 'not', include: p(['printer']), exclude: [{ type: 'or', items: [p(['laser']), p(['toner'])] }] }],
    // Punctuation splits words the way the index does; accents and case fold.
    ['e-mail', p(['e', 'mail'])],
    ['Café', p(['cafe'])],
    ['C++ compiler', { type: 'and', items: [p(['c']), p(['compiler'])] }],
    // Operators are upper case; in lower case they are words.
    ['and or not', { type: 'and', items: [p(['and']), p(['or']), p(['not'])] }],
    // Index syntax is not ours: a column filter is just two words.
    ['internal:secret', p(['internal', 'secret'])],
    ['NEAR(a b)', { type: 'and', items: [p(['near']), { type: 'and', items: [p(['a']), p(['b'])] }] }],
  ];
  it.each(cases)('%s', (query, expected) => {
    expect(parseSearchQuery(query)).toEqual(expected);
  });

  const errors: Array<[string, string]> = [
    ['"paper jam', 'the quote at position 1 is never closed'],
    ['(printer', "the '(' at position 1 is never closed"],
    ['printer)', "unexpected ')' at position 8"],
    ['printer AND', 'AND at position 9 has nothing on its right'],
    ['OR printer', 'OR at position 1 has nothing on its left'],
    ['printer OR', 'OR at position 9 has nothing on its right'],
    ['printer NOT', 'NOT at position 9 has nothing on its right'],
    ['NOT printer', 'NOT at position 1 has nothing on its left'],
    ['printer AND OR x', 'AND at position 9 has nothing on its right'],
    ['printer AND NOT x', 'NOT at position 13 follows another operator'],
    ['-laser', 'it only excludes; say what to find as well (e.g. printer -laser)'],
    ['()', 'the group at position 1 is empty'],
    ['', 'there is no word to search for'],
    ['  --  ', 'there is no word to search for'],
  ];
  it.each(errors)('%j is a usage error: %s', (query, why) => {
    let error: unknown;
    try {
      parseSearchQuery(query);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(`cannot understand the search '${query}': ${why}`);
    expect((error as UsageError).hint).toMatch(/^search syntax: /);
  });
});

describe('highlighting', () => {
  it('tokenize folds case and accents and keeps positions', () => {
    expect(tokenize('Ça va, Zoë?')).toEqual([
      { start: 0, end: 2, norm: 'ca' }, { start: 3, end: 5, norm: 'va' }, { start: 7, end: 10, norm: 'zoe' },
    ]);
    expect(fold('ÉCOLE')).toBe('ecole');
  });

  it('matchRanges finds words, phrases and prefixes, never parts of words', () => {
    const terms = highlightTerms(parseSearchQuery('"paper jam" print* -laser'));
    const text = 'Printer: paper jam again; reprint the paper. Laser jam.';
    expect(matchRanges(text, terms).map(([a, b]) => text.slice(a, b))).toEqual(['Printer', 'paper jam']);
  });

  it('makeSnippet cuts around the matches, marks them, and says where it cut', () => {
    const body = `${'lorem ipsum '.repeat(20)}the printer shows error 50 after the jam ${'dolor sit '.repeat(20)}`;
    const s = makeSnippet(body, highlightTerms(parseSearchQuery('printer error')), 60)!;
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(62);
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['printer', 'error']);
    expect(makeSnippet('nothing here', highlightTerms(parseSearchQuery('printer')))).toBeNull();
    expect(makeSnippet('short printer note', highlightTerms(parseSearchQuery('printer')))).toEqual({ text: 'short printer note', highlights: [[6, 13]] });
  });
});

describe('similarQuery', () => {
  it('keeps the distinctive words of a subject, any of which may match', () => {
    expect(similarQuery('Printer jam on the 3rd floor')).toEqual({ type: 'or', items: [p(['printer']), p(['jam']), p(['3rd']), p(['floor'])] });
    expect(similarQuery('VPN')).toEqual(p(['vpn']));
    expect(similarQuery('Help! It is a problem')).toBeNull();
  });
});
