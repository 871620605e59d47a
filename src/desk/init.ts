/**
 * Creating an organisation: the default one (Support, Default SLA, the four roles, one admin) and the
 * training organisation of the lab walkthroughs (`--sample lab`).
 */
import { ConflictError, named, says } from '../core/errors.js';
import { parseUsername } from '../core/lifecycle.js';
import { DEFAULT_ROLES, type Priority } from '../core/model.js';
import { parseHours } from '../core/schedule.js';
import type { Tx } from '../store/types.js';
import { iso, type DeskContext } from './context.js';

export interface InitInput {
  sample?: 'lab';
  /** Username of the first admin (default organisation only). */
  admin: string;
  adminName?: string;
}

export interface InitResult {
  /** The identity to save as the login. */
  login: string;
  organisation: 'default' | 'lab';
}

/** True once an organisation has been created in this database. */
export async function isInitialised(ctx: DeskContext): Promise<boolean> {
  return ctx.store.read(async (tx) => (await tx.settings.getSetting('initialised_at')) !== null);
}

/**
 * Creates the organisation in one transaction. Refuses a database that already holds one (the CLI
 * offers --force, which starts from a new file).
 */
export async function initOrganisation(ctx: DeskContext, input: InitInput): Promise<InitResult> {
  const admin = parseUsername(input.admin);
  return ctx.store.write(async (tx) => {
    if ((await tx.settings.getSetting('initialised_at')) !== null) {
      throw new ConflictError(`the database ${ctx.store.path} already holds an organisation`, says`pass ${named('force')} to start it over (everything in it is lost)`);
    }
    const now = iso(ctx.now);
    await tx.settings.setSetting('initialised_at', now);
    await tx.settings.setSetting('timezone', 'UTC');
    const roles = new Map<string, number>();
    for (const role of DEFAULT_ROLES) roles.set(role.name, await tx.org.insertRole(role.name, role.permissions));
    const defaultSla = await tx.sla.insertSla({ name: 'Default SLA', minutes: 18 * 60, firstResponseMinutes: null, pauseAwaiting: false, scheduleId: null });
    await tx.settings.setSetting('default.sla', String(defaultSla));
    const support = await tx.org.insertDept('Support', defaultSla);
    await tx.settings.setSetting('default.department', 'Support');
    if (input.sample === 'lab') {
      await seedLab(tx, roles, support, now);
      // A training database: `lab start` may replace it without --force.
      await tx.settings.setSetting('init.sample', 'lab');
      return { login: 'admin', organisation: 'lab' };
    }
    await tx.org.insertAgent({
      username: admin, name: input.adminName?.trim() || admin, email: null, deptId: support,
      roleId: roles.get('All Access')!, isAdmin: true, createdAt: now,
    });
    return { login: admin, organisation: 'default' };
  });
}

/** The training organisation of CONTRACT.md, exactly as listed there. */
async function seedLab(tx: Tx, roles: Map<string, number>, support: number, now: string): Promise<void> {
  const role = (name: string) => roles.get(name)!;
  const banking = await tx.org.insertDept('Online Banking', null);
  await tx.org.insertDept('SysAdmins', null);
  await tx.org.insertDept('Accounting', null);

  const agent = (username: string, name: string, deptId: number, roleName: string, isAdmin = false) =>
    tx.org.insertAgent({ username, name, email: `${username}@helpdesk.example.com`, deptId, roleId: role(roleName), isAdmin, createdAt: now });
  await agent('admin', 'Admin', support, 'All Access', true);
  await agent('john', 'John', support, 'Expanded Access');
  const jane = await agent('jane', 'Jane', banking, 'All Access');

  const team = await tx.org.insertTeam('Online Banking Team');
  await tx.org.addTeamMember(team, jane);

  const businessHours = await tx.sla.insertSchedule({
    name: 'Business Hours', timezone: 'UTC', ranges: JSON.stringify(parseHours('mon-fri 08:00-17:00')), holidays: '[]',
  });
  const plan = (name: string, hours: number, scheduleId: number | null = null) =>
    tx.sla.insertSla({ name, minutes: hours * 60, firstResponseMinutes: null, pauseAwaiting: false, scheduleId });
  const sevA = await plan('Sev-A', 1);
  await plan('Sev-B', 4);
  await plan('Sev-C', 8, businessHours);

  const topic = (name: string, priority: Priority | null = null, slaId: number | null = null) =>
    tx.org.insertTopic({ name, deptId: support, priority, slaId });
  await topic('General Inquiry');
  await topic('Report a Problem');
  await topic('Password Reset');
  await topic('Business Critical Outage', 'emergency', sevA);

  for (const [name, email] of [
    ['Karen Jones', 'karen@example.com'], ['Ken Adams', 'ken@example.com'],
    ['Cliff Tucker', 'cliff@example.com'], ['Alex Kamal', 'alex@example.com'],
  ] as const) {
    await tx.org.insertUser({ email, name, createdAt: now });
  }
}
