/**
 * Organisation lists: an aligned table on a terminal; tab-separated rows when piped (a header row
 * of the field names below with `--header`).
 * TSV columns, in order —
 *   agent list:  username, name, email, department, role, admin ("admin" or empty), active ("active" or
 *                "inactive"), access ("Dept:Role" joined by ", "), teams (joined by ", ")
 *   user list:   email, name, tickets, created_at
 *   dept list:   name, sla, default ("default" or empty), agents (joined by ", ")
 *   team list:   name, members (joined by ", ")
 *   topic list:  name, department, priority, sla
 *   role list:   name, permissions (joined by ",")
 */
import { fitTable, type FitColumn } from './fit.js';
import type { AgentObject, DeptObject, RoleObject, TeamObject, TopicObject, UserObject } from '../../desk/org/view.js';
import { forTerminal } from './sanitize.js';
import { tsvRow, type Style } from './style.js';

type Cell = string | number | null;

/** How one kind of record is shown: the table header and, per record, the TSV cells and the table cells. */
export interface Columns<T> {
  head: string[];
  /** How columns give way on a narrow terminal (by position; default: cut, the first never). */
  fit?: Partial<FitColumn>[];
  /** Names of the TSV fields, for `--header`. */
  tsvHead: string[];
  tsv(item: T): Cell[];
  table(s: Style, item: T): string[];
}

export function renderTsv<T>(cols: Columns<T>, items: readonly T[], header = false): string {
  return (header ? tsvRow(cols.tsvHead) : '') + items.map((i) => tsvRow(cols.tsv(i))).join('');
}

/** The table, fitted to `width` columns: the first column (the name) is never cut. */
export function renderTable<T>(s: Style, cols: Columns<T>, items: readonly T[], width: number): string {
  const fit = cols.head.map((head, i) => ({ head, keep: i === 0, ...cols.fit?.[i] }));
  return fitTable(s, fit, forTerminal(items).map((item) => cols.table(s, item)), width);
}

const dash = (s: Style, v: string | null) => v ?? s.gray('—');
const joined = (list: readonly string[]) => list.join(', ');

export const AGENT_COLUMNS: Columns<AgentObject> = {
  head: ['Username', 'Name', 'Department', 'Role', 'Extra access', 'Teams', 'Flags'],
  // On a narrow terminal the teams go first, then the extra access (`agent list --json` has both).
  fit: [{}, {}, {}, {}, { drop: 1 }, { drop: 2 }, {}],
  tsvHead: ['username', 'name', 'email', 'department', 'role', 'admin', 'active', 'access', 'teams'],
  tsv: (a) => [a.username, a.name, a.email, a.department, a.role, a.admin ? 'admin' : '', a.active ? 'active' : 'inactive',
    a.access.map((g) => `${g.department}:${g.role}`).join(', '), joined(a.teams)],
  table: (s, a) => [
    a.active ? a.username : s.gray(a.username), a.name, a.department, a.role,
    a.access.length ? a.access.map((g) => `${g.department} (${g.role})`).join(', ') : s.gray('—'),
    a.teams.length ? joined(a.teams) : s.gray('—'),
    [a.admin ? s.yellow('admin') : '', a.active ? '' : s.red('deactivated')].filter(Boolean).join(' '),
  ],
};

export const USER_COLUMNS: Columns<UserObject> = {
  head: ['Email', 'Name', 'Tickets'],
  tsvHead: ['email', 'name', 'tickets', 'created_at'],
  tsv: (u) => [u.email, u.name, u.tickets, u.created_at],
  table: (_s, u) => [u.email, u.name, String(u.tickets)],
};

export const DEPT_COLUMNS: Columns<DeptObject> = {
  head: ['Department', 'Default SLA', 'Agents', 'Default'],
  tsvHead: ['name', 'sla', 'default', 'agents'],
  tsv: (d) => [d.name, d.sla, d.default ? 'default' : '', joined(d.agents)],
  table: (s, d) => [d.name, dash(s, d.sla), d.agents.length ? joined(d.agents) : s.gray('—'), d.default ? s.gray('default') : ''],
};

export const TEAM_COLUMNS: Columns<TeamObject> = {
  head: ['Team', 'Members'],
  tsvHead: ['name', 'members'],
  tsv: (t) => [t.name, joined(t.members)],
  table: (s, t) => [t.name, t.members.length ? joined(t.members) : s.gray('—')],
};

export const TOPIC_COLUMNS: Columns<TopicObject> = {
  head: ['Help topic', 'Department', 'Priority', 'SLA'],
  tsvHead: ['name', 'department', 'priority', 'sla'],
  tsv: (t) => [t.name, t.department, t.priority, t.sla],
  table: (s, t) => [t.name, dash(s, t.department), dash(s, t.priority), dash(s, t.sla)],
};

export const ROLE_COLUMNS: Columns<RoleObject> = {
  head: ['Role', 'Permissions'],
  tsvHead: ['name', 'permissions'],
  tsv: (r) => [r.name, r.permissions.join(',')],
  table: (_s, r) => [r.name, r.permissions.join(', ')],
};
