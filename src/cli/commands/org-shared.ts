/**
 * Output shared by the organisation verbs (agent, user, dept, team, topic, role): lists as JSON, a
 * table or TSV; changes as the record with --json and a one-line confirmation on stderr otherwise.
 */
import { AccessDeniedError } from '../../core/errors.js';
import type { AdminResult } from '../../desk/admin.js';
import { whoami } from '../../desk/api/identity.js';
import type { DeskSession } from '../session.js';


import { canPrompt, useColor, type Factory, type Globals } from '../factory.js';
import { renderTable, renderTsv, type Columns } from '../render/org.js';
import { safeLine } from '../render/sanitize.js';
import { makeStyle } from '../render/style.js';
import { confirm, printJson } from './shared.js';

/** Prints a list: the JSON array, a table on a terminal, or TSV rows when piped. */
export function printList<T>(f: Pick<Factory, 'io' | 'env'>, g: Globals, items: readonly T[], cols: Columns<T>, empty: string): void {
  if (g.json) return printJson(f, items);
  if (!f.io.stdoutIsTTY) return f.io.out(renderTsv(cols, items, g.header));
  if (items.length === 0) return f.io.err(`${empty}\n`);
  f.io.out(renderTable(makeStyle(useColor(f, g)), cols, items, f.io.columns));
}

/** After a new record: the record with --json; a confirmation on stderr either way. */
export function printDone<T>(f: Pick<Factory, 'io' | 'env'>, g: Globals, value: T, message: string, next?: string): void {
  if (g.json) printJson(f, value);
  const s = makeStyle(useColor(f, g));
  confirm(f, g, message);
  if (next && f.io.stdoutIsTTY && !g.json && !g.quiet) f.io.err(s.gray(`Next: ${next}\n`));
}

/** After a change: warnings (e.g. a no-op) on stderr, the record with --json, a confirmation when something changed. */
export function printAdminChange<T>(f: Pick<Factory, 'io' | 'env'>, g: Globals, result: AdminResult<T>, message: string): void {
  for (const w of result.warnings) f.io.err(`helpdesk: warning: ${safeLine(w)}\n`);
  if (g.json) printJson(f, result.value);
  if (!result.changed) return;
  confirm(f, g, message);
}

/**
 * Before asking a person for a missing value of an admin verb: make sure they are an admin, so a
 * non-admin is refused at once instead of after typing. (The use case checks again, in its transaction.)
 */
export async function adminBeforePrompt(f: Pick<Factory, 'io'>, g: Globals, desk: DeskSession, what: string): Promise<void> {
  if (!canPrompt(f, g)) return;
  const me = await desk.run(whoami, {});
  if (me.kind !== 'agent' || !me.admin) {
    throw new AccessDeniedError(`access denied: only admins may ${what}`, 'ask an admin, or act as one with --as <admin>');
  }
}

/** One thing an edit verb can change, for the terminal's "what to change?". */
export interface EditField {
  key: string;
  label: string;
  /** A name picked from a list (never typed). */
  choices?: () => Promise<string[]>;
}

/**
 * An edit verb given nothing to change, on a terminal: what to change, then its value — picked from
 * a list where the value is a name. Without a terminal the verb's own "nothing to change" stands.
 */
export async function pickEdit(f: Pick<Factory, 'io' | 'prompter'>, fields: readonly EditField[]): Promise<Record<string, string>> {
  const key = await f.prompter.select('Change', fields.map((x) => ({ name: x.label, value: x.key })));
  const field = fields.find((x) => x.key === key)!;
  if (field.choices) {
    const list = await field.choices();
    return { [key]: await f.prompter.select(field.label, list.map((v) => ({ name: safeLine(v), value: v }))) };
  }
  return { [key]: await f.prompter.input(`${field.label}:`, { validate: (v) => (v.trim() ? true : 'Please type something') }) };
}
