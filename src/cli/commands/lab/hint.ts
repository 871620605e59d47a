import { Command } from 'commander';
import { checkLab } from '../../../lab/index.js';
import { globalsOf, openDesk, type Factory, type Globals } from '../../factory.js';
import { printJson } from '../shared.js';
import { personOf, stepCommand } from './shared.js';

export function newLabHintCommand(f: Factory, run = runLabHint): Command {
  return new Command('hint')
    .description('what to do next, and the exact command')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runLabHint(f: Factory, o: { globals: Globals }): Promise<void> {
  const desk = await openDesk(f, o.globals);
  try {
    const { report, next, lab } = await checkLab(desk);
    if (next === null) {
      if (o.globals.json) return printJson(f, { done: true, step: null, command: null });
      return f.io.out('Every step is done. See the summary: helpdesk lab check\n');
    }
    const n = lab.scenario.steps.indexOf(next) + 1;
    const command = stepCommand(f, o.globals, desk.store.path, next, report.ticket);
    const seen = report.steps[n - 1]?.seen;
    if (o.globals.json) return printJson(f, { done: false, step: n, title: next.title, role: next.role, why: next.why, command, ...(seen ? { seen } : {}) });
    f.io.out(`Step ${n}: ${next.title} (${personOf(next.role)})\n${seen ? `Not yet: ${seen}.\n` : ''}Why: ${next.why}.\n${command}\n`);
  } finally {
    desk.store.close();
  }
}
