import { Command } from 'commander';
import { ConflictError } from '../../../core/errors.js';
import { readSettings } from '../../../desk/settings.js';
import { findScenario, startLab } from '../../../lab/index.js';
import { databaseExists, dbPathOf, globalsOf, openFreshDesk, useColor, type Factory, type Globals } from '../../factory.js';
import { saveLogin } from '../../logins.js';
import { makeStyle } from '../../render/style.js';
import { ForeignDatabaseError, openSqliteStore } from '../../../store/sqlite.js';
import { printJson } from '../shared.js';
import { personOf, stepCommand } from './shared.js';

export interface LabStartOptions {
  scenario: string;
  force?: boolean;
  globals: Globals;
}

export function newLabStartCommand(f: Factory, run = runLabStart): Command {
  return new Command('start')
    .description('start a scenario in a fresh training database and log in as its first role')
    .argument('<scenario>', 'see helpdesk lab list')
    .option('--force', 'replace a database that holds real (non-lab) data')
    .action((scenario: string, o: { force?: boolean }, cmd: Command) => run(f, { scenario, force: o.force, globals: globalsOf(cmd) }));
}

/**
 * A lab replaces its database; refuse to do that to one that holds anything but an earlier lab or the
 * training organisation (`init --sample lab`).
 */
async function ensureReplaceable(f: Pick<Factory, 'env' | 'now'>, g: Globals, force: boolean): Promise<void> {
  if (force || !databaseExists(f, g)) return;
  let store: ReturnType<typeof openSqliteStore>;
  try {
    store = openSqliteStore(dbPathOf(f, g));
  } catch (err) {
    if (!(err instanceof ForeignDatabaseError)) throw err;
    throw new ConflictError(`${dbPathOf(f, g)} is not a helpdesk database; starting a lab would replace it`,
      'pass --db <path> to use another file for the lab, or --force to replace it');
  }
  try {
    const s = await readSettings({ store, now: f.now() }, ['initialised_at', 'lab.scenario', 'init.sample']);
    if (s.initialised_at === null || s['lab.scenario'] !== null || s['init.sample'] === 'lab') return;
  } finally {
    store.close();
  }
  throw new ConflictError(`${dbPathOf(f, g)} holds a help desk that is not a lab; starting a lab would replace it`,
    'pass --db <path> to use another file for the lab, or --force to replace it');
}

export async function runLabStart(f: Factory, o: LabStartOptions): Promise<void> {
  const scenario = findScenario(o.scenario);
  await ensureReplaceable(f, o.globals, o.force === true);
  const desk = openFreshDesk(f, o.globals, true);
  try {
    const { ticket } = await startLab(desk, scenario);
    saveLogin(f.env, desk.store.path, scenario.firstRole);
    const first = stepCommand(f, o.globals, desk.store.path, scenario.steps[0]!, ticket);
    if (o.globals.json) {
      return printJson(f, {
        scenario: scenario.id, ticket, database: desk.store.path, login: scenario.firstRole,
        steps: scenario.steps.map((st, i) => ({ n: i + 1, title: st.title, role: st.role })), next: first,
      });
    }
    const s = makeStyle(useColor(f, o.globals));
    const out: string[] = [s.bold(`Lab: ${scenario.title}`), '', scenario.briefing, ''];
    out.push(`Ticket ${s.bold(`#${ticket}`)} is waiting. You are logged in as ${personOf(scenario.firstRole)}.`, '', s.bold('Steps'));
    scenario.steps.forEach((st, i) => out.push(`  ${String(i + 1).padStart(2)}. ${st.title} ${s.gray(`— ${personOf(st.role)}`)}`));
    out.push('', `First: ${scenario.steps[0]!.title}`, first, '', s.gray('Check your progress with: helpdesk lab check · stuck? helpdesk lab hint'));
    f.io.out(`${out.join('\n')}\n`);
  } finally {
    desk.store.close();
  }
}
