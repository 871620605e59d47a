/**
 * Labs from the interactive desk: progress of the running lab, or start one.
 */
import { NotFoundError } from '../../../core/errors.js';
import { SCENARIOS, checkLab } from '../../../lab/index.js';
import { dbPathOf, openDesk, type Factory, type Globals } from '../../factory.js';
import type { Style } from '../../render/style.js';
import { renderReport } from '../lab/check.js';
import { stepCommand } from '../lab/shared.js';
import { runLabStart } from '../lab/start.js';

/** Shows lab progress or starts a scenario; returns the identity to continue as when that changed. */
export async function labMenu(f: Factory, g: Globals, s: Style): Promise<string | null> {
  const desk = await openDesk(f, g);
  try {
    const { report, next } = await checkLab(desk);
    f.io.out(`\n${renderReport(s, report)}`);
    if (next) f.io.out(`Next: ${next.title}\n${stepCommand(f, g, desk.store.path, next, report.ticket)}\n`);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    f.io.out(s.gray('\nNo lab is running in this database.\n'));
  } finally {
    desk.store.close();
  }
  const pick = await f.prompter.select('Labs', [
    ...SCENARIOS.map((sc) => ({ name: `Start: ${sc.title}`, value: sc.id })),
    { name: 'Back', value: '' },
  ]);
  if (pick === '') return null;
  const ok = await f.prompter.confirm(`Starting a lab replaces the database ${dbPathOf(f, g)}. Continue?`, false);
  if (!ok) return null;
  await runLabStart(f, { scenario: pick, force: true, globals: g });
  return SCENARIOS.find((sc) => sc.id === pick)!.firstRole;
}
