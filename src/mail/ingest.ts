/**
 * `mail ingest`: one message from a file or standard input (an MTA pipe), or every message in a
 * Maildir's new/ (moved to cur/ once filed). Parsing and validation happen before the database is
 * touched; filing is one transaction (desk/mail/intake.ts). Errors come out as sysexits codes.
 */
import { readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DeskContext } from '../desk/context.js';
import { acceptInboundMail, type IntakeResult } from '../desk/mail/intake.js';
import { UsageError } from '../core/errors.js';
import { MailDataError, TempFailError, toSysexit } from './errors.js';
import { parseMessage } from './parse.js';

/** Parses and files one message; throws MailDataError (65) or TempFailError (75). */
export async function ingestMessage(ctx: DeskContext, raw: Buffer): Promise<IntakeResult> {
  try {
    return await acceptInboundMail(ctx, await parseMessage(raw));
  } catch (err) {
    throw toSysexit(err);
  }
}

export interface MaildirOutcome {
  file: string;
  /** What became of it; null when it was refused (see error). */
  result: IntakeResult | null;
  error: string | null;
  /** 0 filed, 65 refused (moved to cur/ flagged), 75 left in new/ for the next run. */
  code: 0 | 65 | 75;
}

/**
 * Files every message in `<dir>/new`, oldest name first. A filed (or duplicate) message moves to cur/
 * marked seen; a refused one moves to cur/ flagged, so a person can look at it; a temporary failure
 * stops the run and leaves the rest in new/ for the next one.
 */
export async function ingestMaildir(
  ctx: DeskContext, dir: string, read: (path: string) => Promise<Buffer>, onEach?: (o: MaildirOutcome) => void,
): Promise<MaildirOutcome[]> {
  const names = listNew(dir);
  const outcomes: MaildirOutcome[] = [];
  for (const name of names) {
    const path = join(dir, 'new', name);
    let outcome: MaildirOutcome;
    try {
      const result = await ingestMessage(ctx, await readMessage(read, path));
      moveToCur(dir, name, 'S');
      outcome = { file: name, result, error: null, code: 0 };
    } catch (err) {
      if (err instanceof MailDataError) {
        moveToCur(dir, name, 'F');
        outcome = { file: name, result: null, error: err.message, code: 65 };
      } else {
        const e = err instanceof TempFailError ? err : toSysexit(err);
        outcome = { file: name, result: null, error: e.message, code: 75 };
      }
    }
    outcomes.push(outcome);
    onEach?.(outcome);
    if (outcome.code === 75) break;
  }
  return outcomes;
}

function listNew(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'new'), { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${dir} is not a Maildir (cannot read ${join(dir, 'new')}: ${code ?? 'error'})`, 'a Maildir holds the folders new/, cur/ and tmp/');
  }
}

async function readMessage(read: (path: string) => Promise<Buffer>, path: string): Promise<Buffer> {
  try {
    return await read(path);
  } catch (err) {
    if (err instanceof MailDataError) throw err; // too large: refused, not retried
    throw new TempFailError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Maildir: new/<name> → cur/<name>:2,<flags> (S seen, F flagged). */
function moveToCur(dir: string, name: string, flag: 'S' | 'F'): void {
  const base = name.replace(/:2,[A-Za-z]*$/, '');
  renameSync(join(dir, 'new', name), join(dir, 'cur', `${base}:2,${flag}`));
}
