import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseDurationMinutes } from '../../src/core/auth.js';

describe('address ranges (apikey add --ip)', () => {
  it.each([
    ['192.0.2.0/24', '192.0.2.77', true], ['192.0.2.0/24', '192.0.3.1', false], ['192.0.2.7', '192.0.2.7', true],
    ['192.0.2.7', '192.0.2.8', false], ['0.0.0.0/0', '8.8.8.8', true], ['10.0.0.0/8', '::ffff:10.9.8.7', true],
    ['2001:db8::/32', '2001:db8:1::5', true], ['2001:db8::/32', '2001:db9::1', false], ['::1', '::1', true],
    ['10.0.0.0/8', '2001:db8::1', false], ['2001:db8::/32', '10.0.0.1', false], ['10.0.0.0/8', 'not an address', false],
  ])('%s contains %s: %s', (range, address, inside) => {
    expect(cidrContains(parseCidr(range), address)).toBe(inside);
  });

  it.each(['', '10.0.0.0/33', '256.0.0.1', '10.0.0/8', 'fe80::/129', '1::2::3', '10.0.0.0/8/8', 'example.com', '10.0.0.0/x'])('refuses %j', (text) => {
    expect(() => parseCidr(text)).toThrow(/not an address range/);
  });
});

describe('token expiry (token create --expires)', () => {
  it.each([['30m', 30], ['12h', 720], ['90d', 129_600], ['8w', 80_640], [' 2H ', 120]])('%j is %d minutes', (text, minutes) => {
    expect(parseDurationMinutes(text)).toBe(minutes);
  });
  it.each(['', '0d', '5', 'd', '1y', '-1h', '1.5h'])('refuses %j', (text) => {
    expect(() => parseDurationMinutes(text)).toThrow(/--expires/);
  });
});
