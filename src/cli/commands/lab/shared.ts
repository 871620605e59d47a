/**
 * How lab commands talk about steps: the exact command to run next, with `--as` when the step is
 * another identity's and `--db` when the lab lives outside the default database.
 */
import { ownValue } from '../../../core/own.js';
import type { Step } from '../../../lab/index.js';
import { identityOf, type Factory, type Globals } from '../../factory.js';

const shellQuote = (text: string) => (/^[\w./:@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** The runnable command line for a step, starting with `helpdesk `. */
export function stepCommand(f: Pick<Factory, 'env'>, g: Globals, dbPath: string, step: Step, ticket: string): string {
  let current: string | null = null;
  try {
    current = identityOf(f, g, dbPath);
  } catch {
    current = null;
  }
  const parts = ['helpdesk'];
  if (g.db !== undefined) parts.push('--db', shellQuote(dbPath));
  if (current === null || current.toLowerCase() !== step.role.toLowerCase()) parts.push('--as', shellQuote(step.role));
  parts.push(step.command(ticket));
  return parts.join(' ');
}

const PEOPLE: Record<string, string> = {
  john: 'John (Help Desk)', jane: 'Jane (Online Banking)', admin: 'the admin',
  'karen@example.com': 'Karen Jones (end user)', 'ken@example.com': 'Ken Adams (end user)',
  'cliff@example.com': 'Cliff Tucker (end user)', 'alex@example.com': 'Alex Kamal (end user)',
};
export const personOf = (who: string): string => ownValue(PEOPLE, who) ?? who;
