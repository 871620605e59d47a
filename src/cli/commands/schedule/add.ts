import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { HOURS_EXAMPLE } from '../../../core/schedule.js';
import { scheduleAdd } from '../../../desk/api/sla-setup.js';
import { withDesk } from '../../session.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { adminBeforePrompt } from '../org-shared.js';
import { makeStyle } from '../../render/style.js';
import { askedFor, confirm, printJson } from '../shared.js';

export interface ScheduleAddOptions {
  name: string;
  hours?: string;
  holiday?: string[];
  timezone?: string;
  globals: Globals;
}

/** --holiday may repeat and may list several comma-separated dates. */
export const collectDates = (value: string, previous: string[] = []) =>
  [...previous, ...value.split(',').map((d) => d.trim()).filter(Boolean)];

export function newScheduleAddCommand(f: Factory, run = runScheduleAdd): Command {
  return new Command('add')
    .description('define business hours (admins): several ranges a day, holidays, an IANA time zone')
    .argument('<name>', 'schedule name, e.g. "Business Hours"')
    .option('--hours <spec>', 'weekly hours, e.g. "mon-fri 08:00-12:00,13:00-17:00; sat 09:00-12:00"')
    .option('--holiday <date>', 'a holiday: 2026-12-25, 12-25 (yearly) or 2026-12-24T12:00-24:00 (part of a day); repeat, or comma-separate', collectDates)
    .option('--timezone <IANA>', 'time zone the hours are in (default UTC), e.g. America/New_York')
    .action((name: string, o: Omit<ScheduleAddOptions, 'globals' | 'name'>, cmd: Command) => run(f, { ...o, name, globals: globalsOf(cmd) }));
}

export async function runScheduleAdd(f: Factory, o: ScheduleAddOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    if (o.hours === undefined) await adminBeforePrompt(f, o.globals, desk, 'add schedules');
    const hours = await askedFor(f, o.globals, o.hours, 'Weekly hours (e.g. mon-fri 09:00-17:00)', () => new UsageError('missing --hours', HOURS_EXAMPLE));
    const view = await desk.run(scheduleAdd, { name: o.name, hours, holidays: o.holiday, timezone: o.timezone });
    if (o.globals.json) return printJson(f, view);
    const s = makeStyle(useColor(f, o.globals));
    const holidays = view.holidays.length ? `, ${view.holidays.length} holiday${view.holidays.length > 1 ? 's' : ''}` : '';
    confirm(f, o.globals, `Created schedule ${s.bold(view.name)}: ${view.hours} (${view.timezone}${holidays})`);
    if (f.io.stdoutIsTTY) f.io.err(s.gray(`Next: helpdesk sla add <plan> --hours 8 --schedule "${view.name}"\n`));
  });
}
