import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { SimulationFigures } from '../../../core/sla-simulate.js';
import { slaSimulate } from '../../../desk/api/sla-setup.js';
import { withDesk } from '../../session.js';
import { slaList } from '../../../desk/api/org.js';
import { canPrompt, globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { printJson } from '../shared.js';

export interface SlaSimulateOptions {
  plan?: string;
  since?: string;
  until?: string;
  globals: Globals;
}

export function newSlaSimulateCommand(f: Factory, run = runSlaSimulate): Command {
  return new Command('simulate')
    .description("what-if: replay the window's tickets from their history under another plan, beside their real plan (changes nothing)")
    .option('--plan <plan>', 'the plan to try')
    .option('--since <when>', 'tickets created since: a duration back from now (90d, 2w) or a date/timestamp')
    .option('--until <date>', 'tickets created up to the end of this date (or before this timestamp)')
    .action((o: Omit<SlaSimulateOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

const pctText = (v: number | null) => (v === null ? '—' : `${v}%`);

/** --json: figures and per-ticket due times; piped: one row per changed ticket; a TTY: the comparison. */
export async function runSlaSimulate(f: Factory, o: SlaSimulateOptions): Promise<void> {
  if (o.plan === undefined && !canPrompt(f, o.globals)) throw new UsageError('missing --plan', 'example: helpdesk sla simulate --plan Gold --since 90d');
  await withDesk(f, o.globals, async (desk) => {
    // On a terminal the plan is picked from the list (a name, not typed).
    const plan = o.plan ?? await f.prompter.select('Plan to try', (await desk.run(slaList, {})).map((p) => ({ name: `${p.name} — ${p.hours} h`, value: p.name })));
    const sim = await desk.run(slaSimulate, { plan, since: o.since, until: o.until });
    if (o.globals.json) return printJson(f, sim);
    const changed = sim.tickets.filter((t) => t.changed);
    if (!f.io.stdoutIsTTY) {
      return f.io.out(changed.map((t) => tsvRow([
        t.number, t.sla, t.actual.breached ? 'breached' : 'ok', t.actual.due_at, t.simulated.breached ? 'breached' : 'ok', t.simulated.due_at, t.subject,
      ])).join(''));
    }
    const s = makeStyle(useColor(f, o.globals));
    const row = (label: string, a: SimulationFigures) =>
      `${label.padEnd(22)} ${String(a.breaches).padStart(8)} ${pctText(a.sla_compliance_pct).padStart(12)} ${pctText(a.first_response_compliance_pct).padStart(16)}\n`;
    f.io.out(`${s.bold(`${sim.actual.tickets} tickets`)}${sim.since ? ` created since ${sim.since}` : ''}\n`);
    f.io.out(s.gray(`${''.padEnd(22)} ${'breaches'.padStart(8)} ${'compliance'.padStart(12)} ${'first response'.padStart(16)}\n`));
    f.io.out(row('their own plans', sim.actual));
    f.io.out(row(`under ${sim.plan}`, sim.simulated));
    if (changed.length === 0) return f.io.err('No ticket would change its outcome.\n');
    f.io.out(`\n${s.bold('Outcome would change:')}\n`);
    for (const t of changed) {
      f.io.out(`  #${t.number} ${t.actual.breached ? s.red('breached') : s.green('ok')} → ${t.simulated.breached ? s.red('breached') : s.green('ok')} · ${t.subject}\n`);
    }
  });
}
