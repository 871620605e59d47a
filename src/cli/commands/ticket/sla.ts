import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { slaList } from '../../../desk/api/org.js';
import { ticketSla } from '../../../desk/api/ticket-actions.js';
import { canPrompt, globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printChange } from '../shared.js';

export interface SlaOptions {
  number: string;
  plan?: string;
  globals: Globals;
}

export function newSlaCommand(f: Factory, run = runSla): Command {
  return new Command('sla')
    .description('put the ticket on another SLA plan; the due time is recomputed (no plan: pick one on a terminal)')
    .argument('<n>', 'ticket number')
    .argument('[plan]', 'SLA plan, e.g. Sev-A (helpdesk sla list)')
    .action((number: string, plan: string | undefined, _o: object, cmd: Command) => run(f, { number, plan, globals: globalsOf(cmd) }));
}

export async function runSla(f: Factory, o: SlaOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    let plan = o.plan;
    if (plan === undefined) {
      // The plans are a short list: offered on a terminal, named in the hint otherwise.
      const plans = await desk.run(slaList, {});
      if (!canPrompt(f, o.globals) || plans.length === 0) {
        throw new UsageError(`missing the SLA plan for #${o.number.replace(/^#/, '')}`,
          `plans: ${plans.map((p) => p.name).join(', ') || 'see helpdesk sla list'} (e.g. helpdesk ticket sla ${o.number} ${quoted(plans[0]?.name ?? 'Sev-A')})`);
      }
      plan = await f.prompter.select('SLA plan', plans.map((p) => ({ name: `${p.name} — ${p.hours} h`, value: p.name })));
    }
    const result = await desk.run(ticketSla, { number: o.number, plan });
    printChange(f, o.globals, result, `#${result.ticket.number} is on ${result.ticket.sla}`);
  });
}

const quoted = (name: string) => (/^[\w.-]+$/.test(name) ? name : `"${name}"`);
