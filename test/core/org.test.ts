import { describe, expect, it } from 'vitest';
import { AccessDeniedError, named, UsageError } from '../../src/core/errors.js';
import { parseList, parseName, requireNotSelf } from '../../src/core/org.js';

describe('parseName', () => {
  it.each([
    ['  Online Banking ', 'Online Banking'],
    ['SysAdmins', 'SysAdmins'],
    ['Ünïcödé Desk 🔧', 'Ünïcödé Desk 🔧'],
    ['x'.repeat(100), 'x'.repeat(100)],
  ])('%j → %j', (input, expected) => {
    expect(parseName('department', input)).toBe(expected);
  });

  it.each([
    ['', /name is empty/],
    ['   ', /name is empty/],
    ['two\nlines', /control character/],
    ['tab\there', /control character/],
    ['x'.repeat(101), /longer than 100/],
  ])('%j is refused with exit 2', (input, message) => {
    expect(() => parseName('team', input)).toThrow(UsageError);
    expect(() => parseName('team', input)).toThrow(message);
  });

  it('names the flag in the hint', () => {
    try {
      parseName('agent', ' ', named('name'));
      throw new Error('expected a UsageError');
    } catch (e) {
      expect((e as UsageError).hint).toBe('pass --name "…"');
    }
  });
});

describe('parseList', () => {
  it.each([
    ['jane,john', ['jane', 'john']],
    [' jane , john ,', ['jane', 'john']],
    ['jane,JANE,john', ['jane', 'john']],
    ['', []],
  ])('%j → %j', (input, expected) => {
    expect(parseList(input)).toEqual(expected);
  });
});

describe('requireNotSelf', () => {
  it('refuses changing one\'s own access with exit 4', () => {
    expect(() => requireNotSelf(1, 1, 'access')).toThrow(AccessDeniedError);
    expect(() => requireNotSelf(1, 1, 'access')).toThrow('access denied: you cannot change your own access');
  });
  it('allows changing someone else', () => {
    expect(requireNotSelf(1, 2, 'access')).toBeUndefined();
  });
});
