import { Command } from 'commander';
import { report as reportUseCase } from '../../desk/api/reports.js';
import { UsageError } from '../../core/errors.js';
import { parseReportGroup, type ReportGroup } from '../../core/report.js';
import { globalsOf, useColor, type Factory, type Globals } from '../factory.js';
import { withDesk } from '../session.js';
import { reportCsv, reportText, reportTsv } from '../render/report.js';
import { makeStyle } from '../render/style.js';
import { printJson } from './shared.js';

export interface ReportOptions {
  since?: string;
  until?: string;
  by?: ReportGroup;
  csv?: boolean;
  globals: Globals;
}

export function newReportCommand(f: Factory, run = runReport): Command {
  return new Command('report')
    .description('how the desk is doing: volume, backlog, overdue, reopen rate, SLA compliance, response and resolution times')
    .option('--since <when>', 'tickets created since: a duration back from now (30d, 12h, 2w) or a date/timestamp')
    .option('--until <date>', 'tickets created up to the end of this date (or before this timestamp)')
    .option('--by <group>', 'one row per dept, agent, sla, topic, team or status', parseReportGroup)
    .option('--csv', 'comma-separated values with a header row (one row per group, then the total)')
    .action((o: Omit<ReportOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

export async function runReport(f: Factory, o: ReportOptions): Promise<void> {
  if (o.csv && o.globals.json) throw new UsageError('pass either --json or --csv, not both');
  await withDesk(f, o.globals, async (desk) => {
    const report = await desk.run(reportUseCase, { since: o.since, until: o.until, by: o.by });
    if (o.globals.json) return printJson(f, report);
    if (o.csv) return f.io.out(reportCsv(report));
    if (!f.io.stdoutIsTTY) return f.io.out(reportTsv(report, o.globals.header));
    f.io.out(reportText(makeStyle(useColor(f, o.globals)), report, f.io.columns));
  });
}
