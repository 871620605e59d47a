import { describe, expect, it } from 'vitest';
import { safeLine } from '../../src/cli/render/sanitize.js';
import { tsvField, tsvRow } from '../../src/cli/render/style.js';

/** What tsvField wrote before it learnt to skip fields with nothing to escape: every replacement, always. */
const reference = (text: string) => safeLine(text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n'));

describe('tsvField', () => {
  it('escapes backslashes, tabs and line breaks, and shows control and bidi characters', () => {
    expect(tsvField('a\\b\tc\r\nd')).toBe('a\\\\b\\tc\\r\\nd');
    expect(tsvField('\u001b[2J')).toBe('^[[2J');
    expect(tsvField('x\u009by')).toBe('x\\x9by');
    expect(tsvField('evil\u202Etxt.exe')).toBe('evil<U+202E>txt.exe');
    expect(tsvField('Ünïcödé, 山田 and plain ASCII')).toBe('Ünïcödé, 山田 and plain ASCII');
    expect(tsvField(null)).toBe('');
    expect(tsvField(undefined)).toBe('');
    expect(tsvField(100042)).toBe('100042');
    expect(tsvRow(['a\tb', null, 'c'])).toBe('a\\tb\t\tc\n');
  });

  it('writes exactly what escaping every field wrote, for any character', () => {
    // Each code unit that any rule touches, and its neighbours, alone and among plain text.
    const interesting = [0x00, 0x08, 0x09, 0x0a, 0x0b, 0x0d, 0x1f, 0x20, 0x5c, 0x7e, 0x7f, 0x80, 0x9f, 0xa0, 0x61b, 0x61c, 0x61d,
      0x200d, 0x200e, 0x200f, 0x2010, 0x2029, 0x202a, 0x202e, 0x202f, 0x2065, 0x2066, 0x2069, 0x206a, 0xfeff];
    for (const code of interesting) {
      const ch = String.fromCharCode(code);
      for (const text of [ch, `plain ${ch} text`, `${ch}${ch}\\`]) expect(tsvField(text), `U+${code.toString(16)}`).toBe(reference(text));
    }
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      let text = '';
      for (let n = next() % 12; n > 0; n--) text += next() % 4 === 0 ? String.fromCharCode(interesting[next() % interesting.length]!) : String.fromCharCode(0x20 + (next() % 0x5f));
      expect(tsvField(text)).toBe(reference(text));
    }
  });
});
