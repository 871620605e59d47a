import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { parseStatus, parseTicketNumber } from '../../../core/lifecycle.js';
import { STATUSES, STATUS_INFO, type Status } from '../../../core/model.js';
import { parseTimeSpent } from '../../../core/together.js';
import { ticketStatus, ticketStatusMany } from '../../../desk/api/ticket-actions.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { localActor, withDesk } from '../../session.js';
import { safeLine } from '../../render/sanitize.js';
import { confirm, printChange, printJson } from '../shared.js';

export interface StatusOptions {
  /** One ticket, or several changed together (all or none). */
  numbers: string[];
  status?: Status;
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
export function splitStatusWords(words: readonly string[]): { numbers: string[]; status?: Status } {
  if (words.length > 1 && !isNumber(words[words.length - 1]!)) {
    return { numbers: words.slice(0, -1), status: parseStatus(words[words.length - 1]!) };
  }
  if (words.length > 1 && !isNumber(words[0]!)) return { numbers: words.slice(1), status: parseStatus(words[0]!) };
  return { numbers: [...words] };
}

export function newStatusCommand(f: Factory, run = runStatus): Command {
  return new Command('status')
    .description('change the status: open, in-progress, awaiting-response, resolved, closed')
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
  let status = o.status;
  if (status === undefined) {
    if (!canPrompt(f, o.globals)) {
      throw new UsageError('missing the new status', `pass one of: ${STATUSES.join(', ')}`);
    }
    status = await f.prompter.select('New status', STATUSES.map((s) => ({ name: STATUS_INFO[s].display, value: s })));
  }
  const to = status;
  await withDesk(f, o.globals, async (desk) => {
    if (o.numbers.length === 1) {
      const result = await desk.run(ticketStatus, { number: o.numbers[0]!, status: to, note: o.note, time: o.time, children: o.children });
      const t = result.ticket;
      return printChange(f, o.globals, result, `#${t.number} is now ${STATUS_INFO[t.status].display}`, undefined, localActor(f, o.globals, desk));
    }
    if (o.time !== undefined || o.children) throw new UsageError('--time and --children go with one ticket at a time');
    const results = await desk.run(ticketStatusMany, { numbers: o.numbers, status: to, note: o.note });
    for (const w of results.flatMap((r) => r.warnings)) f.io.err(`helpdesk: warning: ${safeLine(w)}\n`);
    if (o.globals.json) return printJson(f, results.map((r) => r.ticket));
    const changed = results.filter((r) => r.changed);
    if (changed.length === 0) return;
    const list = changed.map((r) => `#${r.ticket.number}`).join(', ');
    confirm(f, o.globals, `${changed.length} tickets are now ${STATUS_INFO[to].display}: ${list}`);
  });
}
