/**
 * Styles: without color every style is the text itself (and chalk is never needed); with color,
 * chalk's ANSI codes.
 */
import { describe, expect, it } from 'vitest';
import { makeStyle, priorityColor, statusColor } from '../../src/cli/render/style.js';

describe('makeStyle(false)', () => {
  const s = makeStyle(false);

  it('returns the text unchanged, through chains and helpers', () => {
    expect(s.bold('#100001')).toBe('#100001');
    expect(s.red.bold('overdue')).toBe('overdue');
    expect(s.bold.yellow.underline('x')).toBe('x');
    expect(statusColor(s, 'open')('open')).toBe('open');
    expect(priorityColor(s, 'emergency')('emergency')).toBe('emergency');
  });

  it('is not taken for a promise when an async function returns it', async () => {
    const returned = await (async () => s)();
    expect(returned.bold('x')).toBe('x');
  });

  it('joins several arguments with a space and turns values into text, as chalk does', () => {
    expect(s.gray('a', 'b', 3)).toBe('a b 3');
    expect(s.green(42)).toBe('42');
    expect(s.cyan('')).toBe('');
    expect(s.level).toBe(0);
  });
});

describe('makeStyle(true)', () => {
  it('colors with ANSI escapes', () => {
    const s = makeStyle(true);
    expect(s.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(s.red.bold('x')).toBe('\u001b[31m\u001b[1mx\u001b[22m\u001b[39m');
    expect(s.level).toBe(1);
  });
});
