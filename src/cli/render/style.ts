/**
 * Color, decided once per command: chalk's own detection is bypassed so --no-color, NO_COLOR and a
 * piped stdout always mean plain text.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { STATUS_INFO, type Status } from '../../core/model.js';
import { safeLine } from './sanitize.js';

export type Style = ChalkInstance;

/**
 * Without color, every style is the text itself (as chalk at level 0 makes it), so plain output —
 * every piped or scripted command — never loads chalk (the bundle defers it: src/build/build.mjs).
 */
const PLAIN: Style = new Proxy((() => {}) as unknown as Style, {
  // Every style name leads back here; 'then' and symbols do not, so a style is never taken for a
  // promise (returned from an async function) or a primitive.
  get: (_, key) => (key === 'level' ? 0 : key === 'then' || typeof key === 'symbol' ? undefined : PLAIN),
  apply: (_, __, args: unknown[]) => (args.length === 1 ? String(args[0]) : args.join(' ')),
});

export function makeStyle(color: boolean): Style {
  return color ? new Chalk({ level: 1 }) : PLAIN;
}

/**
 * A status for people: the ticket's `status_name` when known (a custom status's own name),
 * else the built-in's display name, else the key as stored.
 */
export function statusLabel(status: string, name?: string): string {
  return name ?? (STATUS_INFO as Record<string, { display: string } | undefined>)[status]?.display ?? status;
}

export function statusColor(s: Style, status: string): (text: string) => string {
  switch (status as Status) {
    case 'open': return s.green;
    case 'in-progress': return s.cyan;
    case 'awaiting-response': return s.yellow;
    case 'resolved': return s.blue;
    case 'closed': return s.gray;
    default: return s.magenta;
  }
}

export function priorityColor(s: Style, priority: string): (text: string) => string {
  if (priority === 'emergency') return s.red.bold;
  if (priority === 'high') return s.yellow;
  if (priority === 'low') return s.gray;
  return (t: string) => t;
}

/** Every character tsvField changes: a backslash, and what safeLine shows visibly (tab, CR and LF among them). */
// eslint-disable-next-line no-control-regex
const TSV_CHANGES = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Escapes tabs, newlines and backslashes so each TSV row stays one line and loses nothing; other control
 * characters are shown visibly (a pipe often ends on a terminal: `… | less -R`, `… | column -t`).
 */
export function tsvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Nearly every field has nothing to escape: one test instead of five replacements (a list's 500 fields).
  if (!TSV_CHANGES.test(text)) return text;
  return safeLine(text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n'));
}


export function tsvRow(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(tsvField).join('\t')}\n`;
}
