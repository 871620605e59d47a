import { Command } from 'commander';
import { SilentExit } from '../../../core/errors.js';
import { checkLab, type LabReport } from '../../../lab/index.js';
import { globalsOf, openDesk, useColor, type Factory, type Globals } from '../../factory.js';
import { makeStyle, type Style } from '../../render/style.js';
import { shortDuration } from '../../render/time.js';
import { printJson } from '../shared.js';
import { personOf } from './shared.js';

export function newLabCheckCommand(f: Factory, run = runLabCheck): Command {
  return new Command('check')
    .description('the checklist, judged from the database (exit 0 when every step is done)')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runLabCheck(f: Factory, o: { globals: Globals }): Promise<void> {
  const desk = await openDesk(f, o.globals);
  let report: LabReport;
  try {
    report = (await checkLab(desk)).report;
  } finally {
    desk.store.close();
  }
  if (o.globals.json) printJson(f, report);
  else f.io.out(renderReport(makeStyle(useColor(f, o.globals)), report));
  if (!report.complete) throw new SilentExit(1);
}

export function renderReport(s: Style, r: LabReport): string {
  const lines = [s.bold(`${r.title}`), s.gray(`ticket #${r.ticket}`), ''];
  for (const step of r.steps) {
    const mark = step.done ? s.green('✓') : s.red('✗');
    lines.push(`  ${mark} ${String(step.n).padStart(2)}. ${step.done ? step.title : s.bold(step.title)} ${s.gray(`— ${personOf(step.role)}`)}`);
    if (step.seen) lines.push(`        ${s.yellow(step.seen)}`);
  }
  const done = r.steps.filter((x) => x.done).length;
  lines.push('');
  if (!r.complete) {
    lines.push(`${done} of ${r.steps.length} steps done. Next hint: helpdesk lab hint`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(s.green.bold('Lab complete!'));
  lines.push(`  Time taken (lab clock): ${shortDuration(r.elapsed_minutes * 60000)}`);
  if (r.sla.met === true) lines.push(`  SLA ${r.sla.plan}: ${s.green('met')}`);
  else if (r.sla.met === false) lines.push(`  SLA ${r.sla.plan}: ${s.red('missed')}`);
  else lines.push(`  SLA ${r.sla.plan ?? 'none'}: still running`);
  return `${lines.join('\n')}\n`;
}
