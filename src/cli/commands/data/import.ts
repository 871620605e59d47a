import { Command } from 'commander';
import { plural } from '../../render/time.js';
import { createReadStream, existsSync, mkdtempSync, openSync, readSync, closeSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HelpdeskError, UsageError, choicesHint } from '../../../core/errors.js';
import { isInitialised } from '../../../desk/init.js';
import type { ImportSummary } from '../../../desk/transfer/import.js';
import { dbPathOf, globalsOf, identityOf, openFreshDesk, withSession, type Factory, type Globals } from '../../factory.js';
import { saveLogin, savedLogin } from '../../logins.js';
import { MAX_IMPORT_RECORD } from '../../../core/limits.js';
import { TooLargeError, readFileBounded } from '../../io.js';
import { printJson } from '../shared.js';

export interface ImportOptions {
  file: string;
  format?: 'helpdesk' | 'osticket';
  dryRun?: boolean;
  globals: Globals;
}

const FORMATS = ['helpdesk', 'osticket'] as const;
/** The top-level lists of an export read one element at a time (attachments may be large). */
const STREAMED: ReadonlySet<string> = new Set(['users', 'tickets', 'attachments', 'mail_outbox', 'mail_inbound', 'webhook_deliveries']);
const parseFormat = (text: string) => {
  const v = text.trim().toLowerCase();
  if (v === 'helpdesk' || v === 'osticket') return v;
  throw new UsageError(`unknown import format '${text}'`, choicesHint(text, FORMATS));
};

export function newImportCommand(f: Factory, run = runImport): Command {
  return new Command('import')
    .description('import a helpdesk export (all or nothing), or an osTicket API ticket payload as a new ticket (admins)')
    .argument('<file>', 'the file, or - to read standard input')
    .option('--format <f>', 'helpdesk or osticket (default: recognised from the file)', parseFormat)
    .option('--dry-run', 'check the whole file and report what would be imported, changing nothing')
    .addHelpText('after', `
A helpdesk export keeps ticket numbers, threads, events and times, collaborators, attachments and
mail (sent and queued messages keep their Message-IDs and delivery state, so answers still thread
and queued mail is sent from here); organisation records, canned responses and customised mail
templates merge by name (existing ones are kept); a ticket number or Message-ID that already exists
rejects the file (exit 5), a malformed record rejects it naming the record (exit 2). Into a database that does not exist yet, the
file's whole organisation is taken over, and its first admin becomes your login.
An osTicket payload is what osTicket's POST /api/tickets.json accepts:
  {"name": "Angry User", "email": "api@example.com", "subject": "Testing API", "message": "…"}`)
    .action((file: string, o: Omit<ImportOptions, 'globals' | 'file'>, cmd: Command) => run(f, { ...o, file, globals: globalsOf(cmd) }));
}

export async function runImport(f: Factory, o: ImportOptions): Promise<void> {
  const stdinCopy = o.file === '-' ? await copyStdin(f) : null;
  try {
    const file = stdinCopy ?? resolve(o.file);
    if (!existsSync(file) || statSync(file).isDirectory()) throw new HelpdeskError(`no such file: ${o.file}`, 3);
    const format = o.format ?? (await sniff(file));
    if (format === 'osticket') return await runOsTicket(f, o, file);
    await runExportImport(f, o, file);
  } finally {
    if (stdinCopy) rmSync(join(stdinCopy, '..'), { recursive: true, force: true });
  }
}

/** Standard input is read twice (check, then import): keep a private copy. */
async function copyStdin(f: Factory): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-import-'));
  const file = join(dir, 'stdin.json');
  if (f.io.stdinIsTTY) throw new UsageError('import - reads the file from standard input, but it is a terminal', 'pipe the file in, or name it');
  const { pipeline } = await import('node:stream/promises');
  // A fake IO without a stream hands over its whole input at once.
  const source = f.io.stdinStream?.() ?? [await f.io.readStdin()];
  await pipeline(source, createWriteStream(file, { mode: 0o600 }));
  return file;
}

/** A helpdesk export starts with "format"; anything else is read as an osTicket payload. */
async function sniff(file: string): Promise<'helpdesk' | 'osticket'> {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(4096);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return /^\uFEFF?\s*\{\s*"format"\s*:/.test(buf.subarray(0, n).toString('utf8')) ? 'helpdesk' : 'osticket';
}

async function runOsTicket(f: Factory, o: ImportOptions, file: string): Promise<void> {
  let payload: unknown;
  try {
    // Bounded by what is read, not by what stat says (/dev/zero says 0 and never ends).
    payload = JSON.parse(readFileBounded(file, MAX_IMPORT_RECORD).toString('utf8'));
  } catch (err) {
    if (err instanceof TooLargeError) throw new UsageError('the file is too large for an osTicket payload', 'pass --format helpdesk for a helpdesk export');
    throw new UsageError(`${o.file === '-' ? 'standard input' : o.file} is not valid JSON: ${(err as Error).message}`, 'pass a helpdesk export or an osTicket API ticket payload');
  }
  const { isOsTicketPayload } = await import('../../../core/osticket.js');
  if (!isOsTicketPayload(payload)) {
    throw new UsageError(`${o.file} is neither a helpdesk export nor an osTicket ticket payload`,
      'an osTicket payload has at least name, email, subject and message; an export starts with "format": "helpdesk-export"');
  }
  await withSession(f, o.globals, async (desk, actor) => {
    const { importOsTicket } = await import('../../../desk/transfer/osticket.js');
    const result = await importOsTicket(desk, actor, payload, o.dryRun === true);
    for (const field of result.ignored) f.io.err(`helpdesk: warning: ignored '${field}' (helpdesk has no place for it)\n`);
    if (o.dryRun) return o.globals.json ? printJson(f, { ok: true, ticket: null }) : f.io.err('The payload is valid; nothing was imported (--dry-run).\n');
    if (o.globals.json) return printJson(f, result.ticket);
    f.io.out(`${result.ticket!.number}\n`);
    f.io.err(`Created ticket #${result.ticket!.number} from the osTicket payload (source ${result.ticket!.source})\n`);
  });
}

async function runExportImport(f: Factory, o: ImportOptions, file: string): Promise<void> {
  const g = o.globals;
  const [{ importData }, { readJsonItems }, { progressBar }] = await Promise.all([
    import('../../../desk/transfer/import.js'), import('../../transfer/json-reader.js'), import('../../transfer/progress.js'),
  ]);
  const path = dbPathOf(f, g);
  const existed = existsSync(path);
  const desk = openFreshDesk(f, g, false);
  const bars = { check: progressBar(f.io, 'Checking', 'bytes'), import: progressBar(f.io, 'Importing', 'bytes') };
  const size = statSync(file).size;
  let stream: ReturnType<typeof createReadStream> | null = null;
  let ok = false;
  try {
    const bootstrap = !(await isInitialised(desk));
    const actor = bootstrap ? null : identityOf(f, g, desk.store.path);
    const wanted = g.as ?? f.env.HELPDESK_AS;
    const summary = await importData(desk, {
      actor,
      bootstrapAs: bootstrap ? wanted : undefined,
      checkOnly: o.dryRun === true,
      read: () => {
        stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
        return readJsonItems(stream, STREAMED);
      },
      progress: (phase) => {
        if (phase === 'import') bars.check.done();
        bars[phase].update(stream?.bytesRead ?? 0, size);
      },
    });
    ok = true;
    bars.import.done();
    if (bootstrap && summary.login && !o.dryRun && savedLogin(f.env, desk.store.path) === null) saveLogin(f.env, desk.store.path, summary.login);
    report(f, g, summary, o.dryRun === true);
  } finally {
    bars.check.done();
    bars.import.done();
    (stream as ReturnType<typeof createReadStream> | null)?.destroy();
    desk.store.close();
    // A database created only to receive a file that was refused is removed again.
    if (!ok && !existed) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    if (o.dryRun && !existed) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
}

function report(f: Factory, g: Globals, s: ImportSummary, dryRun: boolean): void {
  for (const w of s.warnings) f.io.err(`helpdesk: warning: ${w}\n`);
  if (g.json) return printJson(f, { dry_run: dryRun, ...s });
  const org = Object.entries(s.organisation)
    .filter(([, c]) => c.created + c.existing > 0)
    .map(([k, c]) => `${k.replace('_', ' ')} ${c.created} new${c.existing ? `, ${c.existing} existing` : ''}`);
  const verb = dryRun ? 'Would import' : 'Imported';
  f.io.err(`${verb} ${plural(s.tickets, 'ticket')} and ${plural(s.users.created + s.users.existing, 'end user')} (${s.users.created} new).\n`);
  if (org.length) f.io.err(`Organisation: ${org.join('; ')}.\n`);
  const mail = [[s.attachments, 'attachment'], [s.mail_outbox, 'outgoing message'], [s.mail_inbound, 'ingested message']] as const;
  if (mail.some(([n]) => n > 0)) f.io.err(`Mail: ${mail.map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`).join(', ')}.\n`);
  if (s.webhook_deliveries > 0) f.io.err(`Webhooks: ${plural(s.webhook_deliveries, 'pending delivery', 'pending deliveries')}.\n`);
  if (dryRun) f.io.err('Nothing was changed (--dry-run).\n');
  else if (s.login) f.io.err(`The help desk was empty: it now has the file's organisation; logged in as ${s.login}.\n`);
}
