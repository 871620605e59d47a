import { Command } from 'commander';
import { adminBeforePrompt, pickEdit } from '../org-shared.js';
import { formatMinutes } from '../../../core/sla.js';
import { scheduleList, slaEdit } from '../../../desk/api/sla-setup.js';
import { withDesk } from '../../session.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { confirm, printJson, recomputedNote } from '../shared.js';

export interface SlaEditOptions {
  name: string;
  hours?: string;
  firstResponse?: string;
  schedule?: string;
  pauseAwaiting?: boolean;
  globals: Globals;
}

export function newSlaEditCommand(f: Factory, run = runSlaEdit): Command {
  return new Command('edit')
    .description("change an SLA plan (admins); open tickets' due times follow, met or missed targets and recorded breaches do not")
    .argument('<plan>', 'plan name')
    .option('--hours <n>', 'resolution target in hours (fractions allowed)')
    .option('--first-response <hours>', 'first-response target in hours, or none')
    .option('--schedule <name>', 'count business hours of this schedule, or none for 24/7')
    .option('--pause-awaiting', 'stop the clock while the ticket is Awaiting Response')
    .option('--no-pause-awaiting', 'keep the clock running while the ticket is Awaiting Response')
    .action((name: string, o: Omit<SlaEditOptions, 'globals' | 'name'>, cmd: Command) => run(f, { ...o, name, globals: globalsOf(cmd) }));
}

export async function runSlaEdit(f: Factory, o: SlaEditOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    if (o.hours === undefined && o.firstResponse === undefined && o.schedule === undefined && o.pauseAwaiting === undefined && canPrompt(f, o.globals)) {
      await adminBeforePrompt(f, o.globals, desk, 'change SLA plans');
      o = { ...o, ...(await pickEdit(f, [
        { key: 'hours', label: 'Resolution target in hours' }, { key: 'firstResponse', label: 'First-response target in hours (or none)' },
        { key: 'schedule', label: 'Schedule', choices: async () => [...(await desk.run(scheduleList, {})).map((x) => x.name), 'none'] },
      ])) as Partial<SlaEditOptions> };
    }
    const { view, recomputed } = await desk.run(slaEdit, {
      name: o.name, hours: o.hours, firstResponse: o.firstResponse, schedule: o.schedule, pauseAwaiting: o.pauseAwaiting,
    });
    if (o.globals.json) return printJson(f, { ...view, recomputed_tickets: recomputed });
    const parts = [`${formatMinutes(view.minutes)} ${view.schedule ? `on ${view.schedule}` : '24/7'}`];
    if (view.first_response_minutes !== null) parts.push(`first response ${formatMinutes(view.first_response_minutes)}`);
    if (view.pause_awaiting) parts.push('pauses while awaiting the user');
    confirm(f, o.globals, `SLA plan ${view.name}: ${parts.join(' · ')}${recomputedNote(recomputed)}`);
  });
}
