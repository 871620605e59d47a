import { Command } from 'commander';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { ConflictError, UsageError } from '../../../core/errors.js';
import { ticketAttachment } from '../../../desk/api/ticket-together.js';
import { safeText } from '../../render/sanitize.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';

export interface AttachmentOptions {
  number: string;
  which: string;
  out?: string;
  force?: boolean;
  globals: Globals;
}

export function newAttachmentCommand(f: Factory, run = runAttachment): Command {
  return new Command('attachment')
    .description("save a file that came with a ticket's mail (ticket show lists them)")
    .argument('<n>', 'ticket number')
    .argument('<attachment>', 'its id or file name')
    .option('--out <file>', 'write it here (default: standard output)')
    .option('--force', 'with --out: replace the file if it exists')
    .action((number: string, which: string, o: { out?: string; force?: boolean }, cmd: Command) =>
      run(f, { number, which, out: o.out, force: o.force, globals: globalsOf(cmd) }));
}

export async function runAttachment(f: Factory, o: AttachmentOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const a = await desk.run(ticketAttachment, { number: o.number, which: o.which });
    if (o.out !== undefined) {
      save(o.out, a.content, o.force === true);
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

/**
 * Writes the file (mode 0600). An existing file is a conflict (exit 5), as for `backup`; with --force
 * it is replaced whole: written beside it and renamed over it, so an interrupted save never leaves
 * half a file where the old one was.
 */
function save(out: string, content: Buffer, force: boolean): void {
  const fail = (err: unknown): never => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ConflictError(`${out} already exists`, 'pass --force to replace it, or pick another file');
    throw new UsageError(`cannot write ${out}${code ? ` (${code})` : ''}`, 'pass a writable path');
  };
  if (!force) {
    try {
      writeFileSync(out, content, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      fail(err);
    }
    return;
  }
  const temp = `${out}.helpdesk-${process.pid}.tmp`;
  try {
    writeFileSync(temp, content, { flag: 'wx', mode: 0o600 });
    renameSync(temp, out);
  } catch (err) {
    rmSync(temp, { force: true });
    fail(err);
  }
}
