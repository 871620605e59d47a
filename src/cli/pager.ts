/**
 * Long output on a terminal goes through a pager, as git and gh do: `$PAGER`, else
 * `less -FRX` (quit when it fits one screen, keep colors, leave the text on screen). Output that fits
 * the terminal, output to a pipe, `--no-pager`, and `PAGER=cat` (or empty) are written directly.
 * node:child_process is loaded only when a pager really runs.
 */
import type { Factory, Globals } from './factory.js';
import { requireOnDemand } from './on-demand.js';

/** The pager command line for this environment, or null to write directly. */
export function pagerCommand(env: Factory['env']): string | null {
  const given = env.HELPDESK_PAGER ?? env.PAGER;
  if (given === undefined) return 'less -FRX';
  const trimmed = given.trim();
  return trimmed === '' || trimmed === 'cat' ? null : trimmed;
}

/** Writes `text` to stdout, through the pager when it is longer than the terminal. */
export async function page(f: Pick<Factory, 'io' | 'env'>, g: Globals, text: string): Promise<void> {
  const command = f.io.stdoutIsTTY && g.pager !== false ? pagerCommand(f.env) : null;
  const rows = f.io.rows;
  const lines = text.split('\n').length - 1;
  if (command === null || rows === undefined || lines < rows) return f.io.out(text);
  const { spawn } = requireOnDemand('node:child_process') as typeof import('node:child_process');
  // less reads LESS for its options: -FRX unless the user set their own (git does the same).
  const env = { ...process.env, LESS: process.env.LESS ?? 'FRX', LV: process.env.LV ?? '-c' };
  // Ctrl-C in the pager is the pager's business (as in git): helpdesk waits for it to end.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  const shown = await new Promise<boolean>((done) => {
    const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env });
    child.on('error', () => done(false));
    child.on('close', (code) => done(code !== 127));
    // The reader quit early (q in less): the rest is not wanted.
    child.stdin.on('error', () => {});
    child.stdin.end(text);
  });
  process.off('SIGINT', ignore);
  if (!shown) f.io.out(text); // no such pager: the text is not lost
}
