import { Command } from 'commander';
import { newTable } from '../../render/table.js';
import { scheduleList } from '../../../desk/api/sla-setup.js';
import { withDesk } from '../../session.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { printJson } from '../shared.js';

export interface ScheduleListOptions {
  globals: Globals;
}

export function newScheduleListCommand(f: Factory, run = runScheduleList): Command {
  return new Command('list')
    .alias('ls')
    .description('the business-hours schedules, with the plans that use them')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

/** Piped: name, hours, time zone, holidays (comma-separated), plans (comma-separated). */
export async function runScheduleList(f: Factory, o: ScheduleListOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const schedules = await desk.run(scheduleList, {});
    if (o.globals.json) return printJson(f, schedules);
    if (!f.io.stdoutIsTTY) {
      return f.io.out(schedules.map((x) => tsvRow([x.name, x.hours, x.timezone, x.holidays.join(','), x.plans.join(',')])).join(''));
    }
    if (schedules.length === 0) return f.io.err('No schedules yet: every plan counts round the clock. Add one with helpdesk schedule add.\n');
    const s = makeStyle(useColor(f, o.globals));
    const table = newTable({
      head: ['Schedule', 'Hours', 'Time zone', 'Holidays', 'Plans'].map((h) => s.bold(h)),
      style: { head: [], border: [], compact: true },
    });
    for (const x of schedules) {
      table.push([x.name, x.hours.replace(/; /g, '\n'), x.timezone, x.holidays.join('\n') || s.gray('—'), x.plans.join(', ') || s.gray('—')]);
    }
    f.io.out(`${table.toString()}\n`);
  });
}
