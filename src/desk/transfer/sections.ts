/**
 * The organisation sections of an export, one object each: how a section is read for export, how a
 * record of it is checked on import, which names it refers to, and how it is merged into a database
 * (by name: a record whose name exists is matched to the existing one, never duplicated; relations
 * such as team members and department access are added). To export something new, add a section
 * here — in dependency order — and nothing else has to change.
 */
import { PERMISSIONS, PRIORITIES, type Permission, type Priority } from '../../core/model.js';
import { parseEmail, parseUsername } from '../../core/lifecycle.js';
import { Fields, inRecord } from '../../core/records.js';
import { formatHours, parseHolidaySpec, parseHours, parseTimezone, type WeeklyRange } from '../../core/schedule.js';
import type { Tx } from '../../store/types.js';
import { cannedResponses, mailTemplates } from './mail-sections.js';
import { customStatuses } from './status-section.js';
import { webhooks } from './webhook-section.js';

/** Section keys, for references between records. */
export type SectionKey = 'roles' | 'schedules' | 'sla_plans' | 'departments' | 'agents' | 'teams' | 'topics' | 'users'
  | 'canned_responses' | 'mail_templates' | 'statuses' | 'webhooks';

export interface Section<R> {
  key: SectionKey;
  /** What one record is called in messages. */
  what: string;
  dump(tx: Tx): Promise<R[]>;
  /** Checks one raw record; throws BadRecordError naming it. */
  parse(raw: unknown, where: string): R;
  name(r: R): string;
  /** Names in other sections this record needs: [section, name, field]. */
  refs(r: R): Array<[SectionKey, string, string]>;
  /** Names already in the database. */
  existing(tx: Tx): Promise<string[]>;
  /** Creates the record when its name is new (true), or merges relations into the existing one (false). */
  load(tx: Tx, r: R): Promise<boolean>;
  /** A warning for the import's summary when the record will be created (not merged). */
  created?(r: R): string;
}

const nonNull = (refs: Array<[SectionKey, string | null, string]>) =>
  refs.filter((r): r is [SectionKey, string, string] => r[1] !== null);

async function idOf(what: string, found: Promise<{ id: number } | null>): Promise<number> {
  const row = await found;
  if (!row) throw new Error(`import: ${what} vanished during the import`);
  return row.id;
}

export interface RoleRecord { name: string; permissions: Permission[] }
const roles: Section<RoleRecord> = {
  key: 'roles', what: 'role',
  dump: async (tx) => (await tx.org.roles()).map((r) => ({ name: r.name, permissions: r.permissions })),
  parse(raw, where) {
    const f = new Fields(raw, where);
    const permissions = f.strings('permissions');
    permissions.forEach((p, i) => { if (!(PERMISSIONS as readonly string[]).includes(p)) f.fail(`permissions[${i}]`, `must be one of ${PERMISSIONS.join(', ')}`); });
    return { name: f.str('name').trim(), permissions: permissions as Permission[] };
  },
  name: (r) => r.name,
  refs: () => [],
  existing: async (tx) => (await tx.org.roles()).map((r) => r.name),
  async load(tx, r) {
    if (await tx.org.roleByName(r.name)) return false;
    await tx.org.insertRole(r.name, r.permissions);
    return true;
  },
};

export interface ScheduleRecord { name: string; timezone: string; hours: string; ranges: WeeklyRange[]; holidays: string[] }
const schedules: Section<ScheduleRecord> = {
  key: 'schedules', what: 'schedule',
  dump: async (tx) => (await tx.sla.schedules()).map((s) => {
    const ranges = JSON.parse(s.ranges) as WeeklyRange[];
    return { name: s.name, timezone: s.timezone, hours: formatHours(ranges), ranges, holidays: JSON.parse(s.holidays) as string[] };
  }),
  parse(raw, where) {
    const f = new Fields(raw, where);
    const timezone = inRecord(where, 'timezone', () => parseTimezone(f.str('timezone')));
    // `ranges` is exact; `hours` is for people and for hand-written files.
    const ranges = f.has('ranges') ? parseRanges(f) : inRecord(where, 'hours', () => parseHours(f.str('hours')));
    const holidays = f.strings('holidays', { optional: true }).map((h, i) => inRecord(where, `holidays[${i}]`, () => parseHolidaySpec(h)));
    return { name: f.str('name').trim(), timezone, hours: formatHours(ranges), ranges, holidays };
  },
  name: (r) => r.name,
  refs: () => [],
  existing: async (tx) => (await tx.sla.schedules()).map((s) => s.name),
  async load(tx, r) {
    if ((await tx.sla.schedules()).some((s) => s.name.toLowerCase() === r.name.toLowerCase())) return false;
    await tx.sla.insertSchedule({ name: r.name, timezone: r.timezone, ranges: JSON.stringify(r.ranges), holidays: JSON.stringify(r.holidays) });
    return true;
  },
};

function parseRanges(f: Fields): WeeklyRange[] {
  return f.array('ranges').map((raw, i) => {
    const r = new Fields(raw, `${f.where}.ranges[${i}]`);
    const range = { day: r.int('day'), start: r.int('start'), end: r.int('end') };
    if (range.day > 6 || range.end > 24 * 60 || range.start >= range.end) r.fail('end', 'must be after start, within one day (minutes 0–1440), day 0–6');
    return range;
  });
}

export interface SlaRecord { name: string; minutes: number; first_response_minutes: number | null; pause_awaiting: boolean; schedule: string | null }
const slaPlans: Section<SlaRecord> = {
  key: 'sla_plans', what: 'SLA plan',
  dump: async (tx) => (await tx.sla.slaPlans()).map((p) => ({
    name: p.name, minutes: p.minutes, first_response_minutes: p.first_response_minutes, pause_awaiting: p.pause_awaiting === 1, schedule: p.schedule,
  })),
  parse(raw, where) {
    const f = new Fields(raw, where);
    return {
      name: f.str('name').trim(), minutes: f.int('minutes', 1), first_response_minutes: f.optInt('first_response_minutes', 1),
      pause_awaiting: f.bool('pause_awaiting', false), schedule: f.optStr('schedule'),
    };
  },
  name: (r) => r.name,
  refs: (r) => nonNull([['schedules', r.schedule, 'schedule']]),
  existing: async (tx) => (await tx.sla.slaPlans()).map((p) => p.name),
  async load(tx, r) {
    if (await tx.sla.slaByName(r.name)) return false;
    const schedule = r.schedule === null ? null : (await tx.sla.schedules()).find((s) => s.name.toLowerCase() === r.schedule!.toLowerCase());
    await tx.sla.insertSla({
      name: r.name, minutes: r.minutes, firstResponseMinutes: r.first_response_minutes, pauseAwaiting: r.pause_awaiting,
      scheduleId: schedule?.id ?? null,
    });
    return true;
  },
};

export interface DeptRecord { name: string; sla: string | null }
const departments: Section<DeptRecord> = {
  key: 'departments', what: 'department',
  dump: async (tx) => (await tx.org.departments()).map((d) => ({ name: d.name, sla: d.sla })),
  parse(raw, where) {
    const f = new Fields(raw, where);
    return { name: f.str('name').trim(), sla: f.optStr('sla') };
  },
  name: (r) => r.name,
  refs: (r) => nonNull([['sla_plans', r.sla, 'sla']]),
  existing: async (tx) => (await tx.org.departments()).map((d) => d.name),
  async load(tx, r) {
    if (await tx.org.deptByName(r.name)) return false;
    await tx.org.insertDept(r.name, r.sla === null ? null : await idOf('SLA plan', tx.sla.slaByName(r.sla)));
    return true;
  },
};

export interface AgentRecord {
  username: string; name: string; email: string | null; department: string; role: string; admin: boolean; active: boolean;
  created_at: string; access: Array<{ department: string; role: string }>;
}
const agents: Section<AgentRecord> = {
  key: 'agents', what: 'agent',
  async dump(tx) {
    const out: AgentRecord[] = [];
    for (const a of await tx.org.agents()) {
      out.push({
        username: a.username, name: a.name, email: a.email, department: a.department, role: a.role, admin: a.is_admin === 1,
        active: a.active === 1, created_at: a.created_at,
        access: (await tx.org.grantsOf(a.id)).map((g) => ({ department: g.department, role: g.role })),
      });
    }
    return out;
  },
  parse(raw, where) {
    const f = new Fields(raw, where);
    const email = f.optStr('email');
    return {
      username: inRecord(where, 'username', () => parseUsername(f.str('username'))), name: f.str('name').trim(),
      email: email === null ? null : inRecord(where, 'email', () => parseEmail(email)),
      department: f.str('department'), role: f.str('role'), admin: f.bool('admin', false), active: f.bool('active', true),
      created_at: f.time('created_at'),
      access: f.array('access', { optional: true }).map((g, i) => {
        const a = new Fields(g, `${where}.access[${i}]`);
        return { department: a.str('department'), role: a.str('role') };
      }),
    };
  },
  name: (r) => r.username,
  refs: (r) => [
    ['departments', r.department, 'department'], ['roles', r.role, 'role'],
    ...r.access.flatMap((g, i): Array<[SectionKey, string, string]> => [
      ['departments', g.department, `access[${i}].department`], ['roles', g.role, `access[${i}].role`]]),
  ],
  existing: async (tx) => (await tx.org.agents()).map((a) => a.username),
  async load(tx, r) {
    const found = await tx.org.agentByUsername(r.username);
    const id = found?.id ?? await tx.org.insertAgent({
      username: r.username, name: r.name, email: r.email, deptId: await idOf('department', tx.org.deptByName(r.department)),
      roleId: await idOf('role', tx.org.roleByName(r.role)), isAdmin: r.admin, createdAt: r.created_at,
    });
    if (!found && !r.active) await tx.org.setAgentActive(id, false);
    const granted = new Set((await tx.org.grantsOf(id)).map((g) => g.department.toLowerCase()));
    for (const g of r.access) {
      if (granted.has(g.department.toLowerCase())) continue;
      await tx.org.setGrant(id, await idOf('department', tx.org.deptByName(g.department)), await idOf('role', tx.org.roleByName(g.role)));
    }
    return !found;
  },
};

export interface TeamRecord { name: string; members: string[] }
const teams: Section<TeamRecord> = {
  key: 'teams', what: 'team',
  dump: async (tx) => (await tx.org.teams()).map((t) => ({ name: t.name, members: t.members })),
  parse(raw, where) {
    const f = new Fields(raw, where);
    return { name: f.str('name').trim(), members: f.strings('members', { optional: true }).map((m) => m.trim().toLowerCase()) };
  },
  name: (r) => r.name,
  refs: (r) => r.members.map((m, i): [SectionKey, string, string] => ['agents', m, `members[${i}]`]),
  existing: async (tx) => (await tx.org.teams()).map((t) => t.name),
  async load(tx, r) {
    const found = await tx.org.teamByName(r.name);
    const id = found?.id ?? await tx.org.insertTeam(r.name);
    for (const m of r.members) await tx.org.addTeamMember(id, await idOf('agent', tx.org.agentByUsername(m)));
    return !found;
  },
};

export interface TopicRecord { name: string; department: string | null; priority: Priority | null; sla: string | null }
const topics: Section<TopicRecord> = {
  key: 'topics', what: 'help topic',
  dump: async (tx) => (await tx.org.topics()).map((t) => ({ name: t.name, department: t.department, priority: t.priority, sla: t.sla })),
  parse(raw, where) {
    const f = new Fields(raw, where);
    return { name: f.str('name').trim(), department: f.optStr('department'), priority: f.optOneOf('priority', PRIORITIES), sla: f.optStr('sla') };
  },
  name: (r) => r.name,
  refs: (r) => nonNull([['departments', r.department, 'department'], ['sla_plans', r.sla, 'sla']]),
  existing: async (tx) => (await tx.org.topics()).map((t) => t.name),
  async load(tx, r) {
    if (await tx.org.topicByName(r.name)) return false;
    await tx.org.insertTopic({
      name: r.name, priority: r.priority,
      deptId: r.department === null ? null : await idOf('department', tx.org.deptByName(r.department)),
      slaId: r.sla === null ? null : await idOf('SLA plan', tx.sla.slaByName(r.sla)),
    });
    return true;
  },
};

/** The organisation sections, in the order they are written and loaded (dependencies first). */
export const ORG_SECTIONS: ReadonlyArray<Section<any>> = [
  roles, schedules, slaPlans, departments, agents, teams, topics, cannedResponses, mailTemplates, customStatuses, webhooks,
];

export interface UserRecord { email: string; name: string; created_at: string }
/** End users: a top-level, streamed list (there may be as many as tickets). */
export const USERS: Section<UserRecord> = {
  key: 'users', what: 'end user',
  dump: async () => [], // streamed a page at a time by the export instead
  parse(raw, where) {
    const f = new Fields(raw, where);
    return { email: inRecord(where, 'email', () => parseEmail(f.str('email'))), name: f.str('name').trim(), created_at: f.time('created_at') };
  },
  name: (r) => r.email,
  refs: () => [],
  existing: async () => [], // looked up one by one: there may be millions
  async load(tx, r) {
    if (await tx.org.userByEmail(r.email)) return false;
    await tx.org.insertUser({ email: r.email, name: r.name, createdAt: r.created_at });
    return true;
  },
};
