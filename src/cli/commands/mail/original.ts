import { Command } from 'commander';
import { mailOriginal } from '../../../desk/api/mail.js';
import { withDesk } from '../../session.js';
import { safeText } from '../../render/sanitize.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { parseId } from './show.js';

export interface OriginalOptions {
  id: number;
  globals: Globals;
}

export function newMailOriginalCommand(f: Factory, run = runOriginal): Command {
  return new Command('original')
    .description('an ingested message exactly as received (quotes, signature, attachments and all)')
    .argument('<id>', 'its id in mail inbound', parseId)
    .action((id: number, _o: object, cmd: Command) => run(f, { id, globals: globalsOf(cmd) }));
}

export async function runOriginal(f: Factory, o: OriginalOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const raw = await desk.run(mailOriginal, { id: o.id });
    // Exactly as received into a file or a pipe; on a terminal its headers are data, shown visibly.
    if (f.io.outBytes && !f.io.stdoutIsTTY) f.io.outBytes(raw);
    else f.io.out(safeText(raw.toString('utf8')));
  });
}
