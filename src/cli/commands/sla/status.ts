import { Command } from 'commander';
import { fitTable, type FitColumn } from '../../render/fit.js';
import { slaStatus as slaStatusUseCase } from '../../../desk/api/reports.js';
import { formatMinutes } from '../../../core/sla.js';
import type { SlaStatusEntry } from '../../../desk/sla/status.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { forTerminal } from '../../render/sanitize.js';
import { withDesk } from '../../session.js';
import { makeStyle, tsvRow, type Style } from '../../render/style.js';
import { dueText } from '../../render/time.js';
import { parseLimit, printJson } from '../shared.js';

export interface SlaStatusOptions {
  dept?: string;
  assignee?: string;
  limit?: number;
  globals: Globals;
}

export function newSlaStatusCommand(f: Factory, run = runSlaStatus): Command {
  return new Command('status')
    .description('open tickets you may see with time left or overdue, most urgent first (first-response clocks too)')
    .option('--dept <d>', 'only this department')
    .option('--assignee <username>', 'only tickets assigned to this agent')
    .option('--limit <n>', 'at most n tickets (default 50; 0 for all)', parseLimit)
    .action((o: Omit<SlaStatusOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

const SLA_TSV_HEAD = ['number', 'clock', 'due_at', 'state', 'business_minutes_left', 'sla', 'assignee', 'subject'];

/** On a narrow terminal the subject gives way first, then the business time and the plan go. */
const SLA_COLUMNS: readonly FitColumn[] = [
  { head: 'Ticket', keep: true }, { head: 'Clock', min: 8 }, { head: 'Due', keep: true },
  { head: 'Business time', keep: true, drop: 2 }, { head: 'Plan', min: 6, drop: 1 }, { head: 'Assignee', min: 6 },
  { head: 'Subject', min: 16, soft: 24 },
];

const CLOCK_LABEL = { first_response: 'first response', resolution: 'resolution' } as const;

/** Piped: number, clock, due_at, overdue|paused|"", business minutes left, plan, assignee, subject. */
export async function runSlaStatus(f: Factory, o: SlaStatusOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const entries = await desk.run(slaStatusUseCase, { dept: o.dept, assignee: o.assignee, limit: o.limit });
    if (o.globals.json) return printJson(f, entries);
    if (!f.io.stdoutIsTTY) {
      return f.io.out((o.globals.header ? tsvRow(SLA_TSV_HEAD) : '') + entries.map((e) => tsvRow([
        e.number, e.clock, e.due_at, e.overdue ? 'overdue' : e.paused ? 'paused' : e.warned_at ? 'warned' : '', e.business_minutes_left, e.sla, e.assignee, e.subject,
      ])).join(''));
    }
    if (entries.length === 0) return f.io.err('No open ticket has a running SLA clock.\n');
    const s = makeStyle(useColor(f, o.globals));
    f.io.out(fitTable(s, SLA_COLUMNS, forTerminal(entries).map((e) => statusCells(s, e, desk.now)), f.io.columns));
    const overdue = entries.filter((e) => e.overdue).length;
    if (overdue) f.io.err(s.red(`${overdue} overdue. `) + s.gray('Record and alert with: helpdesk sla check\n'));
  });
}

function statusCells(s: Style, e: SlaStatusEntry, now: Date): string[] {
  const shown = e.paused && !e.overdue ? s.yellow('paused') : dueText(e.due_at, now)!;
  const due = e.warned_at && !e.overdue ? `${shown} ${s.yellow('(warned)')}` : shown;
  const left = e.business_minutes_left;
  const business = left < 0 ? `${formatMinutes(-left)} over` : `${formatMinutes(left)} left`;
  const urgent = !e.overdue && !e.paused && (e.minutes_left ?? Infinity) < 60;
  const subject = e.subject.replace(/\s+/g, ' ');
  return [
    `#${e.number}`, CLOCK_LABEL[e.clock], e.overdue ? s.red.bold(due) : urgent ? s.yellow(due) : due,
    e.overdue ? s.red(business) : business, e.sla ?? '—', e.assignee ?? (e.team ? s.cyan(e.team) : s.gray('—')), subject,
  ];
}
