import { Command } from 'commander';
import { ConflictError } from '../../../core/errors.js';
import { readSettings } from '../../../desk/settings.js';
import { findScenario, startLab } from '../../../lab/index.js';
import { databaseExists, dbPathOf, deskNameOf, globalsOf, openFreshDesk, useColor, type Factory, type Globals } from '../../factory.js';
import { saveLogin } from '../../logins.js';
import { makeStyle } from '../../render/style.js';
import { ForeignDatabaseError } from '../../../store/sqlite.js';
import { openStoreAt } from '../../../store/open.js';
import type { Store } from '../../../store/types.js';
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
    .option('--force', 'replace a database that holds real (non-lab) data; the old file is kept as <file>.replaced-<time>')
    .action((scenario: string, o: { force?: boolean }, cmd: Command) => run(f, { scenario, force: o.force, globals: globalsOf(cmd) }));
}

const REFUSED_HINT = 'pass --db <path> to use another file for the lab, or --force to replace it (the old file is kept beside it)';

/**
 * How a lab may replace its database: discarded when it holds only what labs made (an earlier lab,
 * or the training organisation without tickets of its own); otherwise — any ticket no lab created, a
 * desk someone set up, another program's file — refused (exit 5) unless --force, which keeps the
 * old file aside.
 */
async function replacement(f: Pick<Factory, 'env' | 'now'>, g: Globals, force: boolean): Promise<true | 'keep'> {
  if (!databaseExists(f, g)) return true;
  let s: Record<string, string | null>;
  let store: Store | undefined;
  try {
    store = openStoreAt(dbPathOf(f, g), { env: f.env });
    s = await readSettings({ store, now: f.now() }, ['initialised_at', 'lab.scenario', 'lab.ticket', 'init.sample', 'ticket.last_number']);
  } catch (err) {
    // SQLite says so when the file is opened, PostgreSQL at the first read.
    if (!(err instanceof ForeignDatabaseError)) throw err;
    if (force) return 'keep';
    throw new ConflictError(`${deskNameOf(f, g)} is not a helpdesk database; starting a lab would replace it`, REFUSED_HINT);
  } finally {
    store?.close();
  }
  if (force) return 'keep';
  if (!onlyLabTickets(s)) {
    throw new ConflictError(`${deskNameOf(f, g)} holds tickets that no lab created; starting a lab would replace them`, REFUSED_HINT);
  }
  const madeByLab = s.initialised_at === null || s['lab.scenario'] !== null || s['init.sample'] === 'lab';
  if (!madeByLab) throw new ConflictError(`${deskNameOf(f, g)} holds a help desk that is not a lab; starting a lab would replace it`, REFUSED_HINT);
  return true;
}

/**
 * Whether every ticket ever numbered here is a lab's: the ticket counter has not moved past the
 * lab's own ticket (numbers only grow, so a ticket created or imported since — even if deleted —
 * shows).
 */
function onlyLabTickets(s: Record<string, string | null>): boolean {
  const last = s['ticket.last_number'] ?? null;
  if (last === null) return true;
  const labTicket = (s['lab.scenario'] ?? null) !== null ? (s['lab.ticket'] ?? null) : null;
  return labTicket !== null && /^\d+$/.test(last) && /^\d+$/.test(labTicket) && BigInt(last) <= BigInt(labTicket);
}

export async function runLabStart(f: Factory, o: LabStartOptions): Promise<void> {
  const scenario = findScenario(o.scenario);
  const desk = openFreshDesk(f, o.globals, await replacement(f, o.globals, o.force === true));
  try {
    if (desk.replaced) f.io.err(`Kept the replaced database as ${desk.replaced}\n`);
    const { ticket } = await startLab(desk, scenario);
    saveLogin(f.env, desk.store.path, scenario.firstRole);
    const first = stepCommand(f, o.globals, desk.store.path, scenario.steps[0]!, ticket);
    if (o.globals.json) {
      return printJson(f, {
        scenario: scenario.id, ticket, database: desk.store.path, login: scenario.firstRole, replaced: desk.replaced,
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
