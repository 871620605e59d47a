import { Command } from 'commander';
import { formatMinutes } from '../../../core/sla.js';
import { slaCheck } from '../../../desk/sla/status.js';
import { slaCheck as slaCheckJob } from '../../../desk/api/jobs.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { runJob } from '../../session.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { printJson } from '../shared.js';

export interface SlaCheckOptions {
  globals: Globals;
}

export function newSlaCheckCommand(f: Factory, run = runSlaCheck): Command {
  return new Command('check')
    .description('for cron: record each new SLA breach once (an overdue event) and queue an alert; no identity needed')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

/**
 * Quiet when nothing new breached (cron mails any output). Piped: one row per new breach — number,
 * clock, due_at, minutes overdue, alerted addresses (comma-separated).
 */
export async function runSlaCheck(f: Factory, o: SlaCheckOptions): Promise<void> {
  const result = await runJob(f, o.globals, slaCheckJob, {}, (desk) => slaCheck(desk));
  if (o.globals.json) return printJson(f, result);
  const more = () => {
    if (result.omitted > 0) f.io.err(`… and ${result.omitted.toLocaleString('en-US')} more breaches recorded, not listed (${result.count} in all)\n`);
  };
  if (!f.io.stdoutIsTTY) {
    f.io.out(result.breaches.map((b) => tsvRow([b.number, b.clock, b.due_at, b.overdue_minutes, b.alerted.join(',')])).join(''));
    return more();
  }
  const s = makeStyle(useColor(f, o.globals));
  if (result.breaches.length === 0) return f.io.err('No new SLA breaches.\n');
  for (const b of result.breaches) {
    const what = b.clock === 'first_response' ? 'first response overdue' : 'overdue';
    const who = b.alerted.length ? `alert queued for ${b.alerted.join(', ')}` : s.yellow('nobody with an email address to alert');
    f.io.out(`${s.red(`#${b.number}`)} ${what} by ${formatMinutes(b.overdue_minutes)} · ${who} · ${b.subject}\n`);
  }
  more();
}
