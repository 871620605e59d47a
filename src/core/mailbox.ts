/**
 * Mail addresses and the mail settings' values: "Help Desk <help@example.com>", smtp:// URLs,
 * on/off switches and sizes. Pure parsing with clear errors.
 */
import { UsageError } from './errors.js';
import { ownValue } from './own.js';

export interface Mailbox {
  name: string;
  address: string;
}

// A single-label domain (help@localhost) is an address like any other (CONTRACT.md).
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:.]+(\.[^\s@<>()",;:.]+)*$/;

/** Parses `Name <addr@host>`, `"Name" <addr@host>` or a bare address. */
export function parseMailbox(text: string, what = 'mail.from'): Mailbox {
  const t = text.trim();
  const angle = /^(.*?)<([^<>]+)>$/.exec(t);
  const name = angle ? angle[1]!.trim().replace(/^"(.*)"$/, '$1').trim() : '';
  const address = (angle ? angle[2]! : t).trim();
  if (!ADDRESS.test(address)) {
    throw new UsageError(`${what} '${text}' is not a mail address`, 'example: "Help Desk <help@example.com>" or help@example.com');
  }
  return { name, address: address.toLowerCase() };
}

export interface SmtpUrl {
  secure: boolean;
  host: string;
  port: number;
  user: string | null;
  hasPassword: boolean;
}

/** Validates `smtp://[user[:pass]@]host[:port][?options]` or `smtps://…`. */
export function parseSmtpUrl(text: string): SmtpUrl {
  const hint = 'example: smtp://user:password@mail.example.com:587 or smtps://mail.example.com (465)';
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`mail.smtp '${maskSmtpUrl(text)}' is not a URL`, hint);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new UsageError(`mail.smtp must start with smtp:// or smtps://, not ${url.protocol}//`, hint);
  }
  if (!url.hostname) throw new UsageError('mail.smtp has no host', hint);
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  return { secure, host: url.hostname, port, user: url.username ? decodeURIComponent(url.username) : null, hasPassword: url.password !== '' };
}

/** The URL with its password replaced by ****, for display. */
export function maskSmtpUrl(text: string): string {
  return text.replace(/^(smtps?:\/\/[^:@/]*:)[^@/]*@/i, '$1****@');
}

/** on/off (also yes/no, true/false, 1/0). */
export function parseSwitch(text: string, key: string): 'on' | 'off' {
  const t = text.trim().toLowerCase();
  if (['on', 'yes', 'true', '1'].includes(t)) return 'on';
  if (['off', 'no', 'false', '0'].includes(t)) return 'off';
  throw new UsageError(`${key} must be on or off, not '${text}'`, `helpdesk config set ${key} on`);
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };

/** A size such as 10M, 512K, 10MiB or 2000000 (bytes), between 1 KiB and 50 MiB. */
export function parseSize(text: string, key: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? ownValue(UNITS, m[2]!.toLowerCase()) : undefined;
  if (!m || unit === undefined) throw new UsageError(`${key} '${text}' is not a size`, 'example: 10M, 512K or 10485760');
  const bytes = Math.round(Number(m[1]) * unit);
  if (bytes < 1024 || bytes > 50 * 1024 ** 2) throw new UsageError(`${key} must be between 1K and 50M`, 'example: 10M');
  return bytes;
}

/** 10485760 → "10 MiB", 2048 → "2 KiB", 512 → "512 B". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
