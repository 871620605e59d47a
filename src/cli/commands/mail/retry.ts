import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { mailRetry } from '../../../desk/api/mail.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { printJson } from '../shared.js';
import { parseId } from './show.js';

export interface RetryOptions {
  ids: string[];
  failed?: boolean;
  globals: Globals;
}

export function newMailRetryCommand(f: Factory, run = runRetry): Command {
  return new Command('retry')
    .description('put messages back in the queue, due now (admins): the given ids, or every failed one')
    .argument('[id...]', 'outbox ids')
    .option('--failed', 'every failed message')
    .action((ids: string[], o: { failed?: boolean }, cmd: Command) => run(f, { ids, failed: o.failed, globals: globalsOf(cmd) }));
}

export async function runRetry(f: Factory, o: RetryOptions): Promise<void> {
  if (o.ids.length === 0 && !o.failed) throw new UsageError('which messages?', 'pass outbox ids, or --failed for every failed one');
  if (o.ids.length > 0 && o.failed) throw new UsageError('pass either ids or --failed, not both');
  const ids = o.failed ? 'failed' : o.ids.map(parseId);
  await withDesk(f, o.globals, async (desk) => {
    const n = await desk.run(mailRetry, ids === 'failed' ? { failed: true } : { ids });
    if (o.globals.json) return printJson(f, { requeued: n });
    f.io.err(`${n} message${n === 1 ? '' : 's'} back in the queue; deliver with: helpdesk mail send\n`);
  });
}
