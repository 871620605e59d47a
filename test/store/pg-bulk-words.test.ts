/**
 * The bulk path's tokenizer (search-index.ts eachWord) gives exactly the words core/search.ts
 * words() gives — the words the row-at-a-time path indexes and the search looks for — on ASCII,
 * accented, non-Latin, emoji, control and mixed text; and so the same documents.
 */
import { describe, expect, it } from 'vitest';
import { words } from '../../src/core/search.js';
import { documentWords, eachWord } from '../../src/store/pg/search-index.js';

const collect = (text: string): string[] => {
  const out: string[] = [];
  eachWord(text, (w) => out.push(w));
  return out;
};

/** A small deterministic generator (no flaky random text). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  'a', 'Z', 'q', '0', '9', 'Printer', 'JAM', ' ', '  ', '\t', '\n', '\r\n', '.', ',', '-', '_', "'", '"', '@', '/', '\\', '\u0000',
  'é', 'É', 'ü', 'ß', 'İ', 'ı', 'ǅ', 'æ', 'ø', 'Ω', 'я', 'Ж', '中', '文', 'ﾊ', '٣', '²', '½', 'e\u0301', '\u0301', '\u00a0', '\u2014', '\u200b',
  '😀', '👍🏽', '\ud800', '\udc00', '\ue000', 'ﬁ', 'Ⅻ', '①', 'x\u0308y',
];

describe('the bulk tokenizer', () => {
  it('gives the words words() gives', () => {
    const texts = [
      '', ' ', 'hello', 'Hello, World!', 'user@example.com wrote: "the printer-jam is back" (again)', 'café Müller naïve façade',
      'Straße İstanbul ıi', 'Привет мир', '中文 文本', 'emoji 😀 in the 👍🏽 middle', 'tab\tnew\nline\\back\u0000nul', 'a\u0301b e\u0301',
      'x'.repeat(600), `${'ab1 '.repeat(50)}end`,
    ];
    const r = random(17);
    for (let n = 0; n < 2000; n++) {
      const len = Math.floor(r() * 30);
      let t = '';
      for (let i = 0; i < len; i++) t += PIECES[Math.floor(r() * PIECES.length)];
      texts.push(t);
    }
    for (const t of texts) expect(collect(t), JSON.stringify(t)).toEqual(words(t));
  });

  it('makes the same document as the row-at-a-time path', () => {
    const subject = 'Printer JAM — café on 3rd floor';
    const pub = 'The printer jammed again.\nNaïve fix: turn it off and on 😀';
    const internal = 'Note\nCall vendor re: ticket #100234';
    expect(documentWords(subject, pub, internal, eachWord)).toEqual(documentWords(subject, pub, internal));
  });
});
