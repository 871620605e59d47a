/**
 * Name → record lookups shared by the use cases. Each one fails with a NotFoundError that lists the
 * valid names (with a "did you mean" when one is close), so a typo never needs a second command.
 */
import { resolveStatusFilter } from './statuses.js';
import { NotFoundError, UsageError, choicesHint } from '../core/errors.js';
import { parseEmail } from '../core/lifecycle.js';
import type { Schedule, WeeklyRange } from '../core/schedule.js';
import type { SlaPlan } from '../core/sla.js';
import type { Actor, Priority, Queue } from '../core/model.js';
import type { AgentRow, DeptRow, RoleRow, SlaRow, TeamRow, TicketFilter, TopicRow, Tx, UserRow } from '../store/types.js';

/** An empty name is a missing value (exit 2), any other miss is not found (exit 3); both list the valid names. */
async function notFound(what: string, name: string, names: Promise<string[]>): Promise<never> {
  if (name.trim() === '') throw new UsageError(`the ${what} name is empty`, choicesHint(name, await names));
  throw new NotFoundError(`no ${what} named '${name}'`, choicesHint(name, await names));
}

export async function findDept(tx: Tx, name: string): Promise<DeptRow> {
  return (await tx.org.deptByName(name.trim())) ?? notFound('department', name, tx.org.departments().then((r) => r.map((d) => d.name)));
}
export async function findTopic(tx: Tx, name: string): Promise<TopicRow> {
  return (await tx.org.topicByName(name.trim())) ?? notFound('help topic', name, tx.org.topics().then((r) => r.map((t) => t.name)));
}
export async function findSla(tx: Tx, name: string): Promise<SlaRow> {
  return (await tx.sla.slaByName(name.trim())) ?? notFound('SLA plan', name, tx.sla.slaPlans().then((r) => r.map((p) => p.name)));
}
export async function findTeam(tx: Tx, name: string): Promise<TeamRow> {
  return (await tx.org.teamByName(name.trim())) ?? notFound('team', name, tx.org.teams().then((r) => r.map((t) => t.name)));
}
export async function findAgent(tx: Tx, username: string): Promise<AgentRow> {
  return (await tx.org.agentByUsername(username.trim())) ?? notFound('agent', username, tx.org.agents().then((r) => r.map((a) => a.username)));
}
/**
 * An end user by email. The "did you mean" hint names other end users, so it is given only to those
 * who may list end users (admins): to anyone else a hint would be a way to read the user list.
 */
export async function findUser(tx: Tx, email: string, hintUsers = true): Promise<UserRow> {
  const normalised = parseEmail(email);
  const user = await tx.org.userByEmail(normalised);
  if (user) return user;
  const guess = hintUsers ? choicesHint(normalised, (await tx.org.users()).map((u) => u.email)) : undefined;
  throw new NotFoundError(`no end user with email '${email}'`, guess);
}

/** A role by name (case-insensitive); unknown → exit 3 with the valid roles. */
export async function findRole(tx: Tx, name: string): Promise<RoleRow> {
  return (await tx.org.roleByName(name.trim())) ?? notFound('role', name, tx.org.roles().then((r) => r.map((x) => x.name)));
}

/** The plan with its schedule, ready for the SLA clock; null when the ticket has no plan. */
export async function loadPlan(tx: Tx, slaId: number | null): Promise<SlaPlan | null> {
  if (slaId === null) return null;
  const row = await tx.sla.slaById(slaId);
  if (!row) return null;
  let schedule: Schedule | null = null;
  if (row.schedule_id !== null) {
    const s = await tx.sla.scheduleById(row.schedule_id);
    if (s) {
      schedule = {
        name: s.name,
        timezone: s.timezone,
        ranges: JSON.parse(s.ranges) as WeeklyRange[],
        holidays: JSON.parse(s.holidays) as string[],
      };
    }
  }
  return {
    id: row.id,
    name: row.name,
    minutes: row.minutes,
    firstResponseMinutes: row.first_response_minutes,
    pauseAwaiting: row.pause_awaiting === 1,
    schedule,
  };
}

/** The ticket filters a person gives by name (ticket list, ticket search, export). */
export interface NamedTicketFilter {
  queue?: Queue;
  /** Status names as typed, built-in or custom. */
  statuses?: string[];
  dept?: string;
  assignee?: string;
  team?: string;
  sla?: string;
  priority?: Priority;
  user?: string;
}

/** The ids the store filters by, for the names given; each must name something (exit 2 or 3 otherwise). */
export async function filterIds(
  tx: Tx, f: NamedTicketFilter, actor?: Actor,
): Promise<Pick<TicketFilter, 'deptId' | 'assigneeId' | 'teamId' | 'slaId' | 'userId' | 'statuses' | 'customStatuses'>> {
  return {
    ...(f.statuses?.length ? await resolveStatusFilter(tx, f.statuses) : {}),
    deptId: f.dept !== undefined ? (await findDept(tx, f.dept)).id : undefined,
    assigneeId: f.assignee !== undefined ? (await findAgent(tx, f.assignee)).id : undefined,
    teamId: f.team !== undefined ? (await findTeam(tx, f.team)).id : undefined,
    slaId: f.sla !== undefined ? (await findSla(tx, f.sla)).id : undefined,
    userId: f.user !== undefined ? (await findUser(tx, f.user, isAdmin(actor))).id : undefined,
  };
}

/** Whether the actor may be shown end users' addresses (in hints): admins only. */
export const isAdmin = (actor: Actor | undefined): boolean => actor?.kind === 'agent' && actor.isAdmin;
