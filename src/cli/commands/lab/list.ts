import { Command } from 'commander';
import { SCENARIOS } from '../../../lab/index.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { fitTable } from '../../render/fit.js';
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
  if (!f.io.stdoutIsTTY) {
    return f.io.out((o.globals.header ? tsvRow(['scenario', 'steps', 'title']) : '') + rows.map((r) => tsvRow([r.id, r.steps, r.title])).join(''));
  }
  const s = makeStyle(useColor(f, o.globals));
  const cols = [
    { head: 'Scenario', keep: true }, { head: 'Title', min: 16 }, { head: 'Steps', keep: true, align: 'right' as const },
    { head: 'Walkthrough', keep: true, drop: 1 },
  ];
  // "walkthrough-1, walkthrough-2" → "1, 2": the header says what the numbers are.
  const walkthroughs = (source: string) => source.replace(/walkthrough-/g, '');
  f.io.out(fitTable(s, cols, rows.map((r) => [s.bold(r.id), r.title, String(r.steps), s.gray(walkthroughs(r.source))]), f.io.columns));
  f.io.err(s.gray('Start one: helpdesk lab start <scenario>\n'));
}
