import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { parseStatus } from '../../../core/lifecycle.js';
import { STATUSES, STATUS_INFO, type Status } from '../../../core/model.js';
import { setStatus } from '../../../desk/ticket-actions.js';
import { canPrompt, globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { printChange } from '../shared.js';

export interface StatusOptions {
  number: string;
  status?: Status;
  note?: string;
  globals: Globals;
}

export function newStatusCommand(f: Factory, run = runStatus): Command {
  return new Command('status')
    .description('change the status: open, in-progress, awaiting-response, resolved, closed')
    .argument('<n>', 'ticket number')
    .argument('[status]', 'the new status', parseStatus)
    .option('--note <text>', 'add an internal note in the same change (e.g. the resolution)')
    .action((number: string, status: Status | undefined, o: { note?: string }, cmd: Command) =>
      run(f, { number, status, note: o.note, globals: globalsOf(cmd) }));
}

export async function runStatus(f: Factory, o: StatusOptions): Promise<void> {
  let status = o.status;
  if (status === undefined) {
    if (!canPrompt(f, o.globals)) {
      throw new UsageError('missing the new status', `pass one of: ${STATUSES.join(', ')}`);
    }
    status = await f.prompter.select('New status', STATUSES.map((s) => ({ name: STATUS_INFO[s].display, value: s })));
  }
  const to = status;
  await withSession(f, o.globals, async (desk, actor) => {
    const result = await setStatus(desk, actor, o.number, to, o.note);
    const t = result.ticket;
    printChange(f, o.globals, result, `#${t.number} is now ${STATUS_INFO[t.status].display}`);
  });
}
