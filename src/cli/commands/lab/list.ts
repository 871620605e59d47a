import { Command } from 'commander';
import { SCENARIOS } from '../../../lab/index.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { printJson } from '../shared.js';

export function newLabListCommand(f: Factory, run = runLabList): Command {
  return new Command('list')
    .description('the training scenarios')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runLabList(f: Factory, o: { globals: Globals }): Promise<void> {
  const rows = SCENARIOS.map((s) => ({ id: s.id, title: s.title, source: s.source, first_role: s.firstRole, steps: s.steps.length }));
  if (o.globals.json) return printJson(f, rows);
  if (!f.io.stdoutIsTTY) return f.io.out(rows.map((r) => tsvRow([r.id, r.steps, r.title])).join(''));
  const s = makeStyle(useColor(f, o.globals));
  for (const r of rows) f.io.out(`${s.bold(r.id.padEnd(16))} ${r.title} ${s.gray(`(${r.steps} steps, ${r.source})`)}\n`);
  f.io.err(s.gray('Start one: helpdesk lab start <scenario>\n'));
}
