import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { scheduleHolidayImport, scheduleHolidays } from '../../../desk/api/sla-setup.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';



import { confirm, printJson, recomputedNote } from '../shared.js';

export interface HolidayOptions {
  mode: 'add' | 'remove';
  schedule: string;
  dates: string[];
  globals: Globals;
}

export function newHolidayCommand(f: Factory, run = runHoliday): Command {
  const holiday = new Command('holiday').description("add or remove a schedule's holidays (admins); open tickets' due times follow");
  for (const mode of ['add', 'remove'] as const) {
    holiday.addCommand(new Command(mode)
      .description(mode === 'add' ? 'close the schedule all day on these dates' : 'open these dates again')
      .argument('<schedule>', 'schedule name')
      .argument('<dates...>', 'YYYY-MM-DD, MM-DD (yearly) or YYYY-MM-DDTHH:MM-HH:MM (part of a day); several allowed')
      .action((schedule: string, dates: string[], _o: object, cmd: Command) => run(f, {
        mode, schedule, dates: dates.flatMap((d) => d.split(',')).filter((d) => d.trim() !== ''), globals: globalsOf(cmd),
      })));
  }
  holiday.addCommand(new Command('import')
    .description("add an iCalendar file's all-day and timed events as holidays (recurring events expanded)")
    .argument('<schedule>', 'schedule name')
    .argument('<file.ics>', 'the iCalendar file, or - for stdin')
    .action((schedule: string, file: string, _o: object, cmd: Command) => runHolidayImport(f, { schedule, file, globals: globalsOf(cmd) })));
  return holiday;
}

/** `schedule holiday import`: reads the file (or stdin), then adds its events like `holiday add`. */
export async function runHolidayImport(f: Factory, o: { schedule: string; file: string; globals: Globals }): Promise<void> {
  const text = await readTextFile(f, o.file);
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(scheduleHolidayImport, { schedule: o.schedule, ics: text });
    if (o.globals.json) return printJson(f, { ...result.schedule, imported: result.imported, recomputed_tickets: result.recomputed });
    const added = result.imported.length - result.unchanged.length;
    confirm(f, o.globals, `${result.schedule.name}: ${added} holiday${added === 1 ? '' : 's'} added from ${o.file}` +
      `${result.unchanged.length ? ` (${result.unchanged.length} already there)` : ''}${recomputedNote(result.recomputed)}`);
  });
}

async function readTextFile(f: Factory, path: string): Promise<string> {
  if (path === '-') return f.io.readStdin();
  try {
    return await f.io.readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path}${code ? ` (${code})` : ''}`, 'pass the path of an .ics file, or - to read standard input');
  }
}

export async function runHoliday(f: Factory, o: HolidayOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const result = await desk.run(scheduleHolidays, { schedule: o.schedule, dates: o.dates, mode: o.mode });
    for (const d of result.unchanged) {
      f.io.err(`helpdesk: warning: ${d} ${o.mode === 'add' ? 'is already a holiday' : 'is not a holiday'} of ${result.schedule.name}\n`);
    }
    if (o.globals.json) return printJson(f, { ...result.schedule, recomputed_tickets: result.recomputed });
    const moved = result.recomputed ? `; due times of ${result.recomputed} open ticket${result.recomputed > 1 ? 's' : ''} recomputed` : '';
    confirm(f, o.globals, `${result.schedule.name} holidays: ${result.schedule.holidays.join(', ') || 'none'}${moved}`);
  });
}
