import { Command } from 'commander';
import { slaList } from '../../../desk/api/org.js';
import { newTable } from '../../render/table.js';
import { formatMinutes } from '../../../core/sla.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { printJson } from '../shared.js';

export interface SlaListOptions {
  globals: Globals;
}

export function newSlaListCommand(f: Factory, run = runSlaList): Command {
  return new Command('list')
    .alias('ls')
    .description('the SLA plans')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

/** Piped: name, hours, first-response hours, schedule, pause ("pause" or empty). */
export async function runSlaList(f: Factory, o: SlaListOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const plans = await desk.run(slaList, {});
    if (o.globals.json) return printJson(f, plans);
    if (!f.io.stdoutIsTTY) {
      return f.io.out(plans.map((p) => tsvRow([p.name, p.hours, p.first_response_hours, p.schedule, p.pause_awaiting ? 'pause' : ''])).join(''));
    }
    const s = makeStyle(useColor(f, o.globals));
    const table = newTable({
      head: ['Plan', 'Resolve within', 'First response', 'Counted on', 'Awaiting user'].map((h) => s.bold(h)),
      style: { head: [], border: [], compact: true },
    });
    for (const p of plans) {
      table.push([
        p.name, formatMinutes(p.minutes), p.first_response_minutes === null ? s.gray('—') : formatMinutes(p.first_response_minutes),
        p.schedule ?? s.gray('24/7'), p.pause_awaiting ? 'clock pauses' : s.gray('clock runs'),
      ]);
    }
    f.io.out(`${table.toString()}\n`);
  });
}
