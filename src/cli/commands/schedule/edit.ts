import { Command } from 'commander';
import { adminBeforePrompt, pickEdit } from '../org-shared.js';
import { scheduleEdit, scheduleRemove } from '../../../desk/api/sla-setup.js';
import { withDesk } from '../../session.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { confirm, printJson, recomputedNote } from '../shared.js';

export interface ScheduleEditOptions {
  name: string;
  hours?: string;
  timezone?: string;
  globals: Globals;
}

export function newScheduleEditCommand(f: Factory, run = runScheduleEdit): Command {
  return new Command('edit')
    .description("change a schedule's hours or time zone (admins); open tickets' due times follow")
    .argument('<name>', 'schedule name')
    .option('--hours <spec>', 'weekly hours, e.g. "mon-fri 08:00-17:00" or a night shift "mon-fri 22:00-06:00"')
    .option('--timezone <IANA>', 'time zone the hours are in, e.g. America/New_York')
    .action((name: string, o: Omit<ScheduleEditOptions, 'globals' | 'name'>, cmd: Command) => run(f, { ...o, name, globals: globalsOf(cmd) }));
}

export async function runScheduleEdit(f: Factory, o: ScheduleEditOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    if (o.hours === undefined && o.timezone === undefined && canPrompt(f, o.globals)) {
      await adminBeforePrompt(f, o.globals, desk, 'change schedules');
      o = { ...o, ...(await pickEdit(f, [
        { key: 'hours', label: 'Weekly hours (e.g. mon-fri 09:00-17:00)' }, { key: 'timezone', label: 'Time zone (IANA, e.g. Europe/Paris)' },
      ])) as Partial<ScheduleEditOptions> };
    }
    const { view, recomputed } = await desk.run(scheduleEdit, { name: o.name, hours: o.hours, timezone: o.timezone });
    if (o.globals.json) return printJson(f, { ...view, recomputed_tickets: recomputed });
    confirm(f, o.globals, `Schedule ${view.name}: ${view.hours} (${view.timezone})${recomputedNote(recomputed)}`);
  });
}

export function newScheduleRemoveCommand(f: Factory, run = runScheduleRemove): Command {
  return new Command('remove')
    .description('delete a schedule no SLA plan uses (admins)')
    .argument('<name>', 'schedule name')
    .action((name: string, _o: object, cmd: Command) => run(f, { name, globals: globalsOf(cmd) }));
}

export async function runScheduleRemove(f: Factory, o: { name: string; globals: Globals }): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const view = await desk.run(scheduleRemove, { name: o.name });
    if (o.globals.json) return printJson(f, view);
    confirm(f, o.globals, `Removed schedule ${view.name}`);
  });
}
