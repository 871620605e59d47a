import { Command } from 'commander';
import { automateRun, type AutomateResult } from '../../../desk/automate.js';
import { automate } from '../../../desk/api/jobs.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { runJob } from '../../session.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { printJson } from '../shared.js';

export interface AutomateRunOptions {
  dryRun?: boolean;
  globals: Globals;
}

export function newAutomateCommand(f: Factory, run = runAutomate): Command {
  const automate = new Command('automate').description('the cron job: SLA breaches, warnings, reminders and closing tickets by the rules in helpdesk config');
  automate.addCommand(new Command('run')
    .description('run every automation once (no identity needed): */5 * * * * helpdesk automate run')
    .option('--dry-run', 'list what would change and change nothing')
    .action((o: { dryRun?: boolean }, cmd: Command) => run(f, { dryRun: o.dryRun, globals: globalsOf(cmd) })));
  return automate;
}

/** One line per change: what happened to which ticket, and the rule (cron mails any output, so none when idle). */
function lines(r: AutomateResult): Array<[string, string, string, string]> {
  return [
    ...r.breaches.map((b): [string, string, string, string] => [b.number, 'overdue', b.clock, 'sla check']),
    ...r.warnings.map((w): [string, string, string, string] => [w.number, 'warning', w.clock, w.rule]),
    ...r.reminded.map((m): [string, string, string, string] => [m.number, 'reminded', m.to, m.rule]),
    ...r.closed.map((c): [string, string, string, string] => [c.number, 'closed', c.from, c.rule]),
  ];
}

/** --json: the whole result with its counts. Piped: number, action, detail, rule per change. */
export async function runAutomate(f: Factory, o: AutomateRunOptions): Promise<void> {
  const result = await runJob(f, o.globals, automate, { dryRun: o.dryRun }, (desk) => automateRun(desk, { dryRun: o.dryRun }));
  if (o.globals.json) return printJson(f, result);
  const rows = lines(result);
  if (!f.io.stdoutIsTTY) {
    f.io.out(rows.map((r) => tsvRow(r)).join(''));
    return notListed(f, result);
  }
  const s = makeStyle(useColor(f, o.globals));
  if (rows.length === 0) return f.io.err(o.dryRun ? 'Nothing would change.\n' : 'Nothing to do.\n');
  const verb = o.dryRun ? s.yellow('would ') : '';
  for (const [number, action, detail, rule] of rows) f.io.out(`#${number} ${verb}${action} ${s.gray(`(${detail}; ${rule})`)}\n`);
  notListed(f, result);
}

/** A backlog's run lists the first LISTED changes of each kind (src/desk/listing.ts); say so on stderr. */
function notListed(f: Factory, r: AutomateResult): void {
  const o = r.omitted;
  const more = o.breaches + o.closed + o.reminded + o.warnings;
  if (more === 0) return;
  f.io.err(`… and ${more.toLocaleString('en-US')} more not listed (${r.counts.breaches} breaches, ${r.counts.closed} closed, `
    + `${r.counts.reminded} reminded, ${r.counts.warnings} warnings in all; each is an event on its ticket)\n`);
}
