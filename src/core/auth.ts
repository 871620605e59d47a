/**
 * Pure pieces of the server's authentication: token expiry durations, address ranges for
 * API keys, and the errors only the server's callers meet. No I/O, no clock.
 */
import { AccessDeniedError, UsageError } from './errors.js';

/**
 * No token, a wrong one, a revoked or expired one, or a deactivated agent's: HTTP 401. Locally (the
 * remote command line) it is exit 4, as every refusal is, with the hint to log in again.
 */
export class UnauthenticatedError extends AccessDeniedError {
  readonly status = 401;
}

/** Too many failed logins from one address: HTTP 429, exit 4 on the command line. */
export class TooManyRequestsError extends AccessDeniedError {
  readonly status = 429;
}

const UNITS: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10080 };

/** `--expires 90d`: minutes from a count and a unit (m, h, d, w). */
export function parseDurationMinutes(text: string, flag = '--expires'): number {
  const m = /^\s*(\d{1,6})\s*([mhdw])\s*$/i.exec(text);
  const minutes = m ? Number(m[1]) * UNITS[m[2]!.toLowerCase()]! : 0;
  if (!m || minutes <= 0) throw new UsageError(`${flag} '${text}' is not a duration`, 'use a number and a unit: 30m, 12h, 90d or 8w');
  return minutes;
}

export interface Cidr { family: 4 | 6; bits: bigint; prefix: number }

/** `--ip 10.0.0.0/8`, `192.0.2.7`, `2001:db8::/32`: an address range. */
export function parseCidr(text: string): Cidr {
  const [addr = '', len, extra] = text.trim().split('/');
  const bits = addressBits(addr);
  const width = bits?.family === 4 ? 32 : 128;
  const prefix = len === undefined ? width : /^\d{1,3}$/.test(len) ? Number(len) : -1;
  if (!bits || extra !== undefined || prefix < 0 || prefix > width) {
    throw new UsageError(`--ip '${text}' is not an address range`, 'use CIDR notation, e.g. --ip 192.0.2.0/24 or --ip 2001:db8::/32');
  }
  return { family: bits.family, bits: bits.value, prefix };
}

/** Whether `address` (as a socket reports it; IPv4-mapped IPv6 counts as IPv4) lies in the range. */
export function cidrContains(range: Cidr, address: string): boolean {
  const a = addressBits(address.replace(/^::ffff:(?=\d+\.)/i, ''));
  if (!a || a.family !== range.family) return false;
  const width = BigInt(range.family === 4 ? 32 : 128);
  const shift = width - BigInt(range.prefix);
  return a.value >> shift === range.bits >> shift;
}

function addressBits(text: string): { family: 4 | 6; value: bigint } | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((p) => p > 255)) return null;
    return { family: 4, value: parts.reduce((v, p) => (v << 8n) | BigInt(p), 0n) };
  }
  if (!/^[0-9a-f:]+$/i.test(text) || !text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0 || (halves.length === 2 && missing < 1)) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return { family: 6, value: groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n) };
}
