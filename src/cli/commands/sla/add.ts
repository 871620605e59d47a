import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { formatMinutes } from '../../../core/sla.js';
import { slaAdd } from '../../../desk/api/sla-setup.js';
import { withDesk } from '../../session.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { adminBeforePrompt } from '../org-shared.js';
import { makeStyle } from '../../render/style.js';
import { askedFor, confirm, printJson } from '../shared.js';

export interface SlaAddOptions {
  name: string;
  hours?: string;
  firstResponse?: string;
  schedule?: string;
  pauseAwaiting?: boolean;
  globals: Globals;
}

export function newSlaAddCommand(f: Factory, run = runSlaAdd): Command {
  return new Command('add')
    .description('define an SLA plan (admins): resolution target, optional first-response target and schedule')
    .argument('<name>', 'plan name, e.g. Sev-C')
    .option('--hours <n>', 'resolution target in hours (fractions allowed: 0.5 = 30 minutes)')
    .option('--first-response <hours>', 'first-response target in hours, counted the same way')
    .option('--schedule <name>', 'count only business hours of this schedule (default: round the clock)')
    .option('--pause-awaiting', 'stop the clock while the ticket is Awaiting Response')
    .action((name: string, o: Omit<SlaAddOptions, 'globals' | 'name'>, cmd: Command) => run(f, { ...o, name, globals: globalsOf(cmd) }));
}

export async function runSlaAdd(f: Factory, o: SlaAddOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    if (o.hours === undefined) await adminBeforePrompt(f, o.globals, desk, 'define SLA plans');
    const hours = await askedFor(f, o.globals, o.hours, 'Resolution target in hours',
      () => new UsageError('missing --hours', 'example: helpdesk sla add Sev-C --hours 8 --schedule "Business Hours"'));
    const plan = await desk.run(slaAdd, { name: o.name, hours, firstResponse: o.firstResponse, schedule: o.schedule, pauseAwaiting: o.pauseAwaiting });
    if (o.globals.json) return printJson(f, plan);
    const s = makeStyle(useColor(f, o.globals));
    const parts = [`${formatMinutes(plan.minutes)} ${plan.schedule ? `on ${plan.schedule}` : '24/7'}`];
    if (plan.first_response_minutes !== null) parts.push(`first response ${formatMinutes(plan.first_response_minutes)}`);
    if (plan.pause_awaiting) parts.push('pauses while awaiting the user');
    confirm(f, o.globals, `Created SLA plan ${s.bold(plan.name)}: ${parts.join(' · ')}`);
  });
}
