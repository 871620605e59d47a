/**
 * The vocabulary of the help desk: statuses, priorities, sources, permissions, and the shapes the desk
 * works with. Pure data; no I/O.
 */

export const STATUSES = ['open', 'in-progress', 'awaiting-response', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export type State = 'open' | 'closed';

export const STATUS_INFO: Record<Status, { display: string; state: State }> = {
  open: { display: 'Open', state: 'open' },
  'in-progress': { display: 'In Progress', state: 'open' },
  'awaiting-response': { display: 'Awaiting Response', state: 'open' },
  resolved: { display: 'Resolved', state: 'closed' },
  closed: { display: 'Closed', state: 'closed' },
};

export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => STATUS_INFO[s].state === 'open');
export const CLOSED_STATUSES: readonly Status[] = STATUSES.filter((s) => STATUS_INFO[s].state === 'closed');

export const PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SOURCES = ['web', 'email', 'phone', 'chat', 'walk-in', 'api', 'other'] as const;
export type Source = (typeof SOURCES)[number];

export const PERMISSIONS = ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close', 'delete'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The four roles every organisation starts with (CONTRACT.md, Organisation). */
export const DEFAULT_ROLES: ReadonlyArray<{ name: string; permissions: readonly Permission[] }> = [
  { name: 'All Access', permissions: ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close', 'delete'] },
  { name: 'Expanded Access', permissions: ['view', 'create', 'edit', 'assign', 'transfer', 'reply', 'note', 'close'] },
  { name: 'Limited Access', permissions: ['view', 'create', 'assign', 'transfer', 'reply', 'note', 'close'] },
  { name: 'View Only', permissions: ['view'] },
];

export const QUEUES = ['open', 'mine', 'unassigned', 'overdue', 'answered', 'closed', 'all'] as const;
export type Queue = (typeof QUEUES)[number];

export const SORTS = ['due', 'created', 'updated', 'priority'] as const;
export type Sort = (typeof SORTS)[number];

export const ENTRY_KINDS = ['message', 'reply', 'note'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const EVENT_TYPES = [
  'created', 'assigned', 'released', 'transferred', 'edited', 'sla', 'status', 'reopened', 'overdue',
  // working tickets together
  'merged', 'absorbed', 'linked', 'unlinked', 'cc', 'time',
  // automate run's SLA warnings and reminders to end users
  'warning', 'reminded',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An agent as the access rules see it. */
export interface AgentActor {
  kind: 'agent';
  id: number;
  username: string;
  name: string;
  email: string | null;
  isAdmin: boolean;
  active: boolean;
  deptId: number;
  department: string;
  /** Permissions of the agent's primary role (used in the primary department and on their own tickets). */
  primary: readonly Permission[];
  /** Extra department grants: department id → permissions of the granted role. */
  grants: ReadonlyMap<number, readonly Permission[]>;
  teamIds: readonly number[];
}

/** An end user: sees and acts only on their own tickets. */
export interface UserActor {
  kind: 'user';
  id: number;
  email: string;
  name: string;
}

export type Actor = AgentActor | UserActor;

/** The few facts about a ticket that the access rules look at. */
export interface TicketAccessFacts {
  deptId: number;
  assigneeId: number | null;
  teamId: number | null;
  userId: number;
  /** End users copied on the ticket (collaborators). */
  ccUserIds?: readonly number[];
}

