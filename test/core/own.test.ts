/**
 * Words that every JavaScript object answers to ('constructor', 'toString', '__proto__') are unknown
 * words wherever a table is looked up by what someone typed or imported.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseSize } from '../../src/core/mailbox.js';
import { htmlToText } from '../../src/core/osticket.js';
import { ownValue } from '../../src/core/own.js';
import { parseReportGroup } from '../../src/core/report.js';

const INHERITED = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('ownValue', () => {
  it('finds own keys only', () => {
    const table: Record<string, number> = { a: 1, '': 0 };
    expect([ownValue(table, 'a'), ownValue(table, ''), ownValue(table, 'b')]).toEqual([1, 0, undefined]);
    for (const word of INHERITED) expect(ownValue(table, word)).toBeUndefined();
  });
});

describe('the parsers that look words up', () => {
  it('take inherited names for the unknown words they are', () => {
    for (const word of INHERITED) {
      expect(() => parseSize(`5${word.toLowerCase()}`, 'mail.attachment_limit')).toThrow(UsageError);
      expect(() => parseReportGroup(word)).toThrow(UsageError);
      expect(htmlToText(`<p>a &${word}; b</p>`)).toBe(`a &${word}; b`);
    }
    expect(parseSize('5k', 'mail.attachment_limit')).toBe(5120);
    expect(parseReportGroup('Department')).toBe('dept');
    expect(htmlToText('<p>a &amp; b</p>')).toBe('a & b');
  });
});
