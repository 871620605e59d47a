/**
 * Rules for the organisation's records: what a name may look like, and the rules an admin works by
 * (nobody changes their own access). Pure: no I/O.
 */
import { AccessDeniedError, says, UsageError, type Input } from './errors.js';
import { hasControl } from './text-rules.js';

/**
 * A department, team, help topic or person's name: one trimmed line of 1–100 characters. Names are
 * matched case-insensitively everywhere, so their spelling is kept exactly as typed.
 */
export function parseName(what: string, text: string, field?: Input): string {
  const name = text.trim();
  const pass = field ? says`pass ${field} "…"` : `give the ${what} a name`;
  if (name === '') throw new UsageError(`the ${what} name is empty`, pass);
  if (hasControl(name)) throw new UsageError(`the ${what} name contains a tab, newline or control character`, 'use one line of plain text');
  if (name.length > 100) throw new UsageError(`the ${what} name is longer than 100 characters`, 'shorten it');
  return name;
}

/** Splits `--members a,b` into the trimmed, non-empty names, without repeats. */
export function parseList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '' || seen.has(item.toLowerCase())) continue;
    seen.add(item.toLowerCase());
    out.push(item);
  }
  return out;
}

/**
 * Nobody changes their own access (department, role, grants, admin flag, active): an admin who wants
 * more or less must ask another admin, so no one can lock the organisation out or widen their own
 * reach unseen. Editing one's own name or email is fine.
 */
export function requireNotSelf(actorId: number, targetId: number, what: string): void {
  if (actorId === targetId) {
    throw new AccessDeniedError(`access denied: you cannot change your own ${what}`, 'ask another admin to do it');
  }
}
