import type { Command } from 'commander';
import { parsePriority, parseQueue } from '../../core/lifecycle.js';
/**
 * Pieces every verb uses: reading a body, parsing option values, printing a changed ticket.
 */
import { UsageError } from '../../core/errors.js';
import type { NamedTicketFilter } from '../../desk/lookup.js';
import type { ActionResult } from '../../desk/tickets/work-on.js';
import { DEFAULT_MAX_BODY, bodyTooLarge } from '../../core/limits.js';
import type { DeskContext } from '../../desk/context.js';
import { bodyLimit } from '../../desk/limits.js';
import { limitsOf, type DeskSession } from '../session.js';
import { canPrompt, useColor, type Factory, type Globals } from '../factory.js';
import { TooLargeError } from '../io.js';
import { safeLine } from '../render/sanitize.js';
import { makeStyle } from '../render/style.js';
import { dueText } from '../render/time.js';
import type { TicketSummary } from '../../desk/tickets/view.js';

export interface BodyOptions {
  body?: string;
  bodyFile?: string;
}

/**
 * The text of --body or --body-file (`-` reads stdin, the only time stdin is read). Missing: asked
 * for on a terminal, otherwise a usage error naming the flags.
 */
export async function readBody(
  f: Pick<Factory, 'io' | 'prompter'>, g: Globals, o: BodyOptions, what = 'Message', desk?: DeskContext | DeskSession,
): Promise<string> {
  if (o.body !== undefined && o.bodyFile !== undefined) throw new UsageError('pass either --body or --body-file, not both');
  if (o.body !== undefined) return o.body;
  // Read no further than ticket.max_body: /dev/zero or a 300 MB file must not exhaust memory first.
  const limit = o.bodyFile === undefined ? undefined : desk ? await maxBodyOf(desk) : DEFAULT_MAX_BODY;
  if (o.bodyFile === '-') return bounded(() => f.io.readStdin(limit));
  if (o.bodyFile !== undefined) {
    try {
      return await bounded(() => f.io.readFile(o.bodyFile!, limit));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read --body-file ${o.bodyFile}${code ? ` (${code})` : ''}`, 'pass a readable file, or - to read standard input');
    }
  }
  if (canPrompt(f, g)) return f.prompter.input(`${what}:`, { validate: (v) => (v.trim() ? true : 'Please type something') });
  throw new UsageError('missing --body', 'pass --body "…" or --body-file <path|-> (- reads standard input)');
}

/** ticket.max_body of the desk the body goes to: the local file's, or the server's. */
async function maxBodyOf(desk: DeskContext | DeskSession): Promise<number> {
  if (!('run' in desk)) return bodyLimit(desk);
  return desk.local ? bodyLimit(desk.local) : limitsOf(desk, 'max_body');
}

async function bounded(read: () => Promise<string>): Promise<string> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof TooLargeError) throw bodyTooLarge(err.limit);
    throw err;
  }
}

/**
 * A value that must be given, asked for on a terminal; otherwise `missing` is thrown (the
 * verb's own error, with its example).
 */
export async function askedFor(
  f: Pick<Factory, 'io' | 'prompter'>, g: Globals, value: string | undefined, question: string, missing: () => Error,
): Promise<string> {
  if (value !== undefined) return value;
  if (!canPrompt(f, g)) throw missing();
  return f.prompter.input(`${question}:`, { validate: (v) => (v.trim() ? true : 'Please type something') });
}

/** A value that must be given: asked for on a terminal, otherwise a usage error naming the flag. */
export async function required(
  f: Pick<Factory, 'io' | 'prompter'>, g: Globals, value: string | undefined, flag: string, question: string,
): Promise<string> {
  if (value !== undefined) return value;
  if (canPrompt(f, g)) return f.prompter.input(`${question}:`, { validate: (v) => (v.trim() ? true : 'Please type something') });
  throw new UsageError(`missing ${flag}`, `pass ${flag} <value>`);
}

/**
 * Parses --limit: a whole number; 0 (or one too large to mean anything else) is no limit. Returns a
 * number because commander replaces an option parser's null with '' (which then read as LIMIT 0):
 * turn it into the desk's "null = no limit" with limitFrom().
 */
export function parseLimit(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--limit '${text}' is not a number`, 'pass a whole number, e.g. --limit 20 (0 for no limit)');
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : 0;
}

/** A parsed --limit for the desk: undefined when not given, null for no limit. */
export function limitFrom(n: number | null | undefined): number | null | undefined {
  return n === 0 ? null : n;
}

export function printJson(f: Pick<Factory, 'io'>, value: unknown): void {
  f.io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * After a change: the ticket object with --json; otherwise a confirmation on stderr — for scripts
 * too (CONTRACT.md, On a terminal), unless --quiet — and the next command on a terminal. Warnings,
 * e.g. for a no-op, always go to stderr.
 */
export function printChange(
  f: Pick<Factory, 'io' | 'env'>, g: Globals, result: ActionResult, done: string, next?: string, actor?: string,
): void {
  for (const w of result.warnings) f.io.err(`helpdesk: warning: ${safeLine(w)}\n`);
  if (g.json) return printJson(f, result.ticket);
  if (!result.changed) return;
  const s = makeStyle(useColor(f, g));
  // End users are not told the SLA clock (the desk's business). They act by email address, and an
  // agent's username cannot hold an '@' (core/lifecycle parseUsername).
  const endUser = actor !== undefined && actor.includes('@');
  confirm(f, g, `${done}${endUser ? '' : clockNote(result.ticket)}`);
  if (next && f.io.stdoutIsTTY && !g.quiet) f.io.err(s.gray(`Next: ${next}\n`));
}

/** The one-line "✓ …" of a change, on stderr whether or not stdout is a terminal; --quiet silences it. */
export function confirm(f: Pick<Factory, 'io' | 'env'>, g: Globals, message: string): void {
  if (g.quiet) return;
  f.io.err(`${makeStyle(useColor(f, g)).green('✓')} ${safeLine(message)}\n`);
}

function clockNote(t: TicketSummary): string {
  if (t.state !== 'open' || t.due_at === null) return '';
  // Relative to the ticket's own update time: the change just happened.
  return ` · ${t.sla} · ${dueText(t.due_at, new Date(t.updated_at))}`;
}

/**
 * The ticket filters that list, search and export share, as commander gives them: the desk's named
 * filters (desk/lookup.ts), with --status under its option's name.
 */
export interface TicketFilterOptions extends Omit<NamedTicketFilter, 'statuses'> {
  status?: string[];
}

/** A repeatable, comma-separable list option (`--cc a@x --cc b@y,c@z`). */
export const collectList = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

// Names are resolved by the desk: custom statuses live in the database.
const collectStatus = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

/** Declares --queue (with the verb's own help text) and the filters every ticket selection takes. */
export function addTicketFilterOptions(cmd: Command, queueHelp: string): Command {
  return cmd
    .option('--queue <q>', queueHelp, parseQueue)
    .option('--status <s>', 'only these statuses (repeat or comma-separate)', collectStatus)
    .option('--dept <d>', 'only this department')
    .option('--assignee <username>', 'only tickets assigned to this agent')
    .option('--team <team>', 'only tickets assigned to this team')
    .option('--sla <plan>', 'only tickets on this SLA plan')
    .option('--priority <p>', 'only this priority', parsePriority)
    .option('--user <email>', "only this end user's tickets");
}

/** The tail of an SLA or schedule edit's confirmation: how many open tickets' due times followed it. */
export function recomputedNote(recomputed: number): string {
  return recomputed ? `; due times of ${recomputed} open ticket${recomputed > 1 ? 's' : ''} recomputed` : '';
}
