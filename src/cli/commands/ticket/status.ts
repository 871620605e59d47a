import { Command } from 'commander';
import { HelpdeskError, UsageError } from '../../../core/errors.js';
import { parseTicketNumber } from '../../../core/lifecycle.js';
import { STATUSES } from '../../../core/model.js';
import { statusList } from '../../../desk/api/statuses.js';
import { parseTimeSpent } from '../../../core/together.js';
import { ticketStatus, ticketStatusMany } from '../../../desk/api/ticket-actions.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { localActor, withDesk } from '../../session.js';
import { forTerminal, safeLine } from '../../render/sanitize.js';
import { confirm, printChange, printJson } from '../shared.js';
import { statusLabel } from '../../render/style.js';

export interface StatusOptions {
  /** One ticket, or several changed together (all or none). */
  numbers: string[];
  status?: string;
  note?: string;
  time?: number;
  children?: boolean;
  globals: Globals;
}

const isNumber = (word: string) => /^#?\d+$/.test(word.trim());

/**
 * The ticket numbers and the new status from the words after `status`: the status is the last word
 * (`status 100001 100002 closed`) or the first (`… | xargs helpdesk ticket status closed`).
 */
export function splitStatusWords(words: readonly string[]): { numbers: string[]; status?: string } {
  // The name is resolved by the desk: custom statuses live in the database.
  if (words.length > 1 && !isNumber(words[words.length - 1]!)) {
    return { numbers: words.slice(0, -1), status: words[words.length - 1]! };
  }
  if (words.length > 1 && !isNumber(words[0]!)) return { numbers: words.slice(1), status: words[0]! };
  return { numbers: [...words] };
}

export function newStatusCommand(f: Factory, run = runStatus): Command {
  return new Command('status')
    .description('change the status: open, in-progress, awaiting-response, resolved, closed, or a custom one (status list)')
    .usage('[options] <n>... [status]')
    .argument('<n...>', 'ticket number(s), then the new status')
    .option('--note <text>', 'add an internal note in the same change (e.g. the resolution)')
    .option('--time <duration>', 'time spent on it: 15m, 1h30m', parseTimeSpent)
    .option('--children', 'resolving or closing: change its open children the same way')
    .addHelpText('after', `
Several tickets at once change in one transaction: all of them, or none when one may not.
  helpdesk ticket status 100001 100002 100003 closed
  helpdesk ticket list --status resolved | cut -f1 | xargs helpdesk ticket status closed`)
    .action((words: string[], o: { note?: string; time?: number; children?: boolean }, cmd: Command) =>
      run(f, { ...splitStatusWords(words), note: o.note, time: o.time, children: o.children, globals: globalsOf(cmd) }));
}

export async function runStatus(f: Factory, o: StatusOptions): Promise<void> {
  o.numbers.forEach(parseTicketNumber); // a bad number is reported before any prompt
  let status: string | undefined = o.status;
  if (status === undefined) {
    if (!canPrompt(f, o.globals)) {
      throw new UsageError('missing the new status', `pass one of: ${STATUSES.join(', ')}`);
    }
    status = await f.prompter.select('New status', await statusMenu(f, o.globals));
  }
  const to = status;
  await withDesk(f, o.globals, async (desk) => {
    if (o.numbers.length === 1) {
      const result = await desk.run(ticketStatus, { number: o.numbers[0]!, status: to, note: o.note, time: o.time, children: o.children });
      const t = result.ticket;
      return printChange(f, o.globals, result, `#${t.number} is now ${statusLabel(t.status, t.status_name)}`, undefined, localActor(f, o.globals, desk));
    }
    if (o.time !== undefined || o.children) throw new UsageError('--time and --children go with one ticket at a time');
    const results = await desk.run(ticketStatusMany, { numbers: o.numbers, status: to, note: o.note });
    for (const w of results.flatMap((r) => r.warnings)) f.io.err(`helpdesk: warning: ${safeLine(w)}\n`);
    if (o.globals.json) return printJson(f, results.map((r) => r.ticket));
    const changed = results.filter((r) => r.changed);
    if (changed.length === 0) return;
    const list = changed.map((r) => `#${r.ticket.number}`).join(', ');
    confirm(f, o.globals, `${changed.length} tickets are now ${statusLabel(changed[0]!.ticket.status, changed[0]!.ticket.status_name)}: ${list}`);
  });
}

/** The built-in statuses, then the desk's custom ones by name; built-ins only if the list is not open to the actor. */
async function statusMenu(f: Factory, g: Globals): Promise<Array<{ name: string; value: string }>> {
  const menu: Array<{ name: string; value: string }> = STATUSES.map((s) => ({ name: statusLabel(s), value: s }));
  try {
    const all = await withDesk(f, g, (desk) => desk.run(statusList, {}));
    for (const st of forTerminal(all)) if (!st.builtin) menu.push({ name: st.name, value: st.key });
  } catch (err) {
    if (!(err instanceof HelpdeskError)) throw err; // an end user may not list statuses: they get the built-ins
  }
  return menu;
}
