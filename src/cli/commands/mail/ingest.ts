import { Command } from 'commander';
import { HelpdeskError, UsageError } from '../../../core/errors.js';
import type { DeskContext } from '../../../desk/context.js';
import type { IntakeResult } from '../../../desk/mail/intake.js';
import { messageLimit } from '../../../desk/limits.js';
import { formatSize } from '../../../core/mailbox.js';
import { globalsOf, openDesk, refuseOnServer, type Factory, type Globals } from '../../factory.js';
import { TooLargeError } from '../../io.js';
import { printJson } from '../shared.js';

export interface IngestOptions {
  file?: string;
  maildir?: string;
  globals: Globals;
}

export function newMailIngestCommand(f: Factory, run = runIngest): Command {
  return new Command('ingest')
    .description('file incoming mail (an MTA pipe, a saved .eml, or a Maildir): new ticket, message, or note')
    .argument('[file]', 'one RFC 822 message; - or nothing reads standard input')
    .option('--maildir <dir>', "file every message in <dir>/new, moving each to <dir>/cur")
    .addHelpText('after', `
Exit codes (sysexits, for MTAs): 0 accepted (or a duplicate, ignored), 65 malformed message (bounce),
75 temporary failure such as a busy database (the MTA retries). Nothing is half-stored.
Example (postfix aliases):  helpdesk: "|helpdesk --db /var/lib/helpdesk/helpdesk.db mail ingest"`)
    .action((file: string | undefined, o: { maildir?: string }, cmd: Command) => run(f, { file, maildir: o.maildir, globals: globalsOf(cmd) }));
}

export async function runIngest(f: Factory, o: IngestOptions): Promise<void> {
  // With a server configured, mail must not quietly land in a local file nobody reads (the MTA pipe
  // names the server's database with --db, which is always local).
  refuseOnServer(f, o.globals);
  if (o.file !== undefined && o.maildir !== undefined) throw new UsageError('pass either a file or --maildir, not both');
  if (o.maildir === undefined && (o.file === undefined && f.io.stdinIsTTY)) {
    throw new UsageError('no message given', 'pass a file (helpdesk mail ingest message.eml), pipe one in, or use --maildir <dir>');
  }
  const { toSysexit } = await import('../../../mail/errors.js');
  let desk: DeskContext;
  let limit: number;
  try {
    // The desk first: its mail.max_message says how much of the message may be read at all.
    desk = await openDesk(f, o.globals);
    limit = await messageLimit(desk);
  } catch (err) {
    throw toSysexit(err);
  }
  try {
    if (o.maildir === undefined) {
      const raw = await readInput(f, o.file, limit);
      return report(f, o.globals, await (await import('../../../mail/ingest.js')).ingestMessage(desk, raw));
    }
    await ingestMaildir(f, o, desk, o.maildir, limit);
  } finally {
    desk.store.close();
  }
}

async function readInput(f: Factory, file: string | undefined, limit: number): Promise<Buffer> {
  if (file === undefined || file === '-') {
    return capped(() => (f.io.readStdinBytes ? f.io.readStdinBytes(limit) : f.io.readStdin(limit).then((t) => Buffer.from(t, 'utf8'))));
  }
  try {
    return await capped(() => readBytes(f, file, limit));
  } catch (err) {
    if (err instanceof HelpdeskError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}${code ? ` (${code})` : ''}`, 'pass a readable .eml file, or - to read standard input');
  }
}

const readBytes = async (f: Factory, path: string, limit: number): Promise<Buffer> =>
  f.io.readFileBytes ? f.io.readFileBytes(path, limit) : Buffer.from(await f.io.readFile(path, limit), 'utf8');

/** A message over mail.max_message is refused (65) as soon as the cap is passed: nothing more is read. */
async function capped(read: () => Promise<Buffer>): Promise<Buffer> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof TooLargeError)) throw err;
    const { MailDataError } = await import('../../../mail/errors.js');
    throw new MailDataError(`the message is larger than mail.max_message (${formatSize(err.limit)}); stopped reading it`,
      'an admin may raise the cap: helpdesk config set mail.max_message 50M');
  }
}

function describe(r: IntakeResult): string {
  const at = r.ticket ? `#${r.ticket}` : '';
  switch (r.outcome) {
    case 'created': return `Created ticket ${at}`;
    case 'message': return `Added the message to ${at}${r.reopened ? ' (reopened)' : ''}`;
    case 'note': return r.reason?.startsWith('threaded by') === false
      ? `Added to ${at} as an internal note: ${r.reason.replace(/: added as a note, /, ': ')}`
      : `Added the agent's mail to ${at} as an internal note`;
    case 'duplicate': return `Already ingested (${r.message_id})${at ? `: ${at}` : ''}; ignored`;
    case 'ignored': return `Ignored: ${r.reason ?? ''}`;
  }
}

function report(f: Factory, g: Globals, r: IntakeResult): void {
  if (g.json) return printJson(f, r);
  if (r.ticket) f.io.out(`${r.ticket}\n`);
  f.io.err(`${describe(r)}\n`);
}

async function ingestMaildir(f: Factory, o: IngestOptions, desk: DeskContext, dir: string, limit: number): Promise<void> {
  const { ingestMaildir: run } = await import('../../../mail/ingest.js');
  const read = (path: string) => capped(() => readBytes(f, path, limit));
  const outcomes = await run(desk, dir, read, (x) => {
    if (o.globals.json) return;
    if (x.result) {
      if (x.result.ticket) f.io.out(`${x.result.ticket}\n`);
      f.io.err(`${x.file}: ${describe(x.result)}\n`);
    } else {
      f.io.err(`${x.file}: ${x.code === 65 ? 'refused' : 'left in new/'}: ${x.error}\n`);
    }
  });
  if (o.globals.json) printJson(f, outcomes);
  const refused = outcomes.filter((x) => x.code === 65).length;
  const stopped = outcomes.find((x) => x.code === 75);
  if (stopped) throw new HelpdeskError(`stopped at ${stopped.file}: ${stopped.error}`, 75, 'the rest stays in new/ for the next run');
  if (refused) throw new HelpdeskError(`${refused} of ${outcomes.length} messages refused (moved to cur/ flagged)`, 65);
}
