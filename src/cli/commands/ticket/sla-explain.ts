import { Command } from 'commander';
import { formatLocal } from '../../../core/schedule.js';
import { formatMinutes } from '../../../core/sla.js';
import { ticketSlaExplain } from '../../../desk/api/ticket-together.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { printJson } from '../shared.js';

export function newSlaExplainCommand(f: Factory, run = runSlaExplain): Command {
  return new Command('sla-explain')
    .description("the SLA clock's ledger: counted stretches, pauses, holidays skipped, reopens, warnings and breaches")
    .argument('<n>', 'ticket number')
    .action((number: string, _o: object, cmd: Command) => run(f, { number, globals: globalsOf(cmd) }));
}

/** --json: {number, sla, clock, ledger}; piped: kind, at, until, minutes, clock, detail per entry; a TTY: the story. */
export async function runSlaExplain(f: Factory, o: { number: string; globals: Globals }): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const x = await desk.run(ticketSlaExplain, { number: o.number });
    if (o.globals.json) return printJson(f, x);
    if (!f.io.stdoutIsTTY) {
      return f.io.out(x.ledger.map((e) => tsvRow([e.kind, e.at, e.until, e.minutes, e.clock, e.detail])).join(''));
    }
    const s = makeStyle(useColor(f, o.globals));
    const tz = x.clock.schedule?.timezone ?? 'UTC';
    const when = (at: string) => formatLocal(new Date(at), tz);
    f.io.out(`${s.bold(`#${x.number}`)} · ${x.sla ?? 'no SLA plan'}\n`);
    for (const line of x.clock.explanation) f.io.out(`  ${line}\n`);
    f.io.out(`\n${s.bold('Ledger')} ${s.gray(`(${tz})`)}\n`);
    for (const e of x.ledger) {
      const span = e.until !== undefined ? ` – ${e.until ? when(e.until) : 'now'}` : '';
      const minutes = e.minutes !== undefined ? ` (${formatMinutes(e.minutes)})` : '';
      const clock = e.clock ? ` ${e.clock.replace('_', ' ')}` : '';
      f.io.out(`  ${when(e.at)}${span}  ${e.kind}${clock}${minutes}${e.detail ? s.gray(` · ${e.detail}`) : ''}\n`);
    }
  });
}
