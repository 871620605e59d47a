import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { UsageError } from '../../../core/errors.js';
import { attachmentContent } from '../../../desk/inbound.js';
import { safeText } from '../../render/sanitize.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';

export interface AttachmentOptions {
  number: string;
  which: string;
  out?: string;
  globals: Globals;
}

export function newAttachmentCommand(f: Factory, run = runAttachment): Command {
  return new Command('attachment')
    .description("save a file that came with a ticket's mail (ticket show lists them)")
    .argument('<n>', 'ticket number')
    .argument('<attachment>', 'its id or file name')
    .option('--out <file>', 'write it here (default: standard output)')
    .action((number: string, which: string, o: { out?: string }, cmd: Command) => run(f, { number, which, out: o.out, globals: globalsOf(cmd) }));
}

export async function runAttachment(f: Factory, o: AttachmentOptions): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const a = await attachmentContent(desk, actor, o.number, o.which);
    if (o.out !== undefined) {
      try {
        writeFileSync(o.out, a.content, { flag: 'wx', mode: 0o600 }); // private whatever the umask
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UsageError(`cannot write ${o.out}${code ? ` (${code})` : ''}`, code === 'EEXIST' ? 'it exists; pick another name' : 'pass a writable path');
      }
      f.io.err(`Saved ${a.name} (${a.type}, ${a.content.length} bytes) to ${o.out}\n`);
      return;
    }
    if (f.io.stdoutIsTTY && !/^text\//.test(a.type)) {
      throw new UsageError(`${a.name} is ${a.type}; not printing it to a terminal`, `pass --out ${a.name}`);
    }
    // A text attachment shown on a terminal has its control characters shown, not obeyed.
    if (f.io.outBytes && !f.io.stdoutIsTTY) f.io.outBytes(a.content);
    else f.io.out(safeText(a.content.toString('utf8')));
  });
}
