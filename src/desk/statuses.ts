/**
 * Custom statuses: add, list, remove, and turning a status name into what a ticket can
 * be set to. Adding and removing are admin-only; the list is open to every agent.
 */
import {
  builtinTarget, customTarget, parseCustomStatusName, parseState, statusKey,
  type CustomStatus, type StatusTarget,
} from '../core/custom-status.js';
import { choicesHint, ConflictError, named, NotFoundError, says, UsageError } from '../core/errors.js';
import { STATUSES, STATUS_INFO, type State, type Status } from '../core/model.js';
import type { StatusRow } from '../store/statuses/types.js';
import type { TicketRow, Tx } from '../store/types.js';
import { asAdmin, readAsAgent } from './admin.js';
import type { DeskContext } from './context.js';

/** A status as `status list --json` shows it; built-ins are listed too, marked `builtin`. */
export interface StatusObject { key: string; name: string; state: State; pause: boolean; builtin: boolean; tickets: number | null }

const toCustom = (r: StatusRow): CustomStatus => ({ key: r.key, name: r.name, state: r.state, pause: r.pause === 1 });

export interface AddStatusInput { who: string; name: string; state: string | undefined; pause?: boolean }

export function addStatus(ctx: DeskContext, input: AddStatusInput): Promise<StatusObject> {
  if (input.state === undefined) throw new UsageError(says`missing ${named('state')}`, says`pass ${named('state')} open or ${named('state')} closed`);
  const state = parseState(input.state);
  if (input.pause && state === 'closed') throw new UsageError(says`${named('pause')} goes with ${named('state')} open`, 'a closed ticket has no running clock to pause');
  return asAdmin(ctx, input.who, 'add statuses', async (tx) => {
    const { key, name } = parseCustomStatusName(input.name);
    const existing = await tx.statuses.byKey(key);
    if (existing) throw new ConflictError(`status '${existing.name}' already exists`, 'see them with: helpdesk status list');
    await tx.statuses.insert({ key, name, state, pause: input.pause ? 1 : 0, created_at: ctx.now.toISOString() });
    return { key, name, state, pause: input.pause === true, builtin: false, tickets: 0 };
  });
}

/** Built-in statuses first, then the custom ones by key. */
export function listStatuses(ctx: DeskContext, who: string): Promise<StatusObject[]> {
  return readAsAgent(ctx, who, 'list statuses', async (tx) => {
    const builtins = STATUSES.map((s): StatusObject => ({
      key: s, name: STATUS_INFO[s].display, state: STATUS_INFO[s].state, pause: false, builtin: true, tickets: null,
    }));
    const custom: StatusObject[] = [];
    for (const r of await tx.statuses.list()) custom.push({ ...toCustom(r), builtin: false, tickets: await tx.statuses.ticketsWith(r.key) });
    return [...builtins, ...custom];
  });
}

/** Removes a custom status no ticket is in (exit 5 while one is; built-ins cannot be removed). */
export function removeStatus(ctx: DeskContext, who: string, name: string): Promise<StatusObject> {
  return asAdmin(ctx, who, 'remove statuses', async (tx) => {
    const key = statusKey(name);
    if ((STATUSES as readonly string[]).includes(key)) throw new ConflictError(`'${key}' is a built-in status and cannot be removed`);
    const row = await tx.statuses.byKey(key);
    if (!row) throw new NotFoundError(`no status '${name}'`, 'see them with: helpdesk status list');
    const used = await tx.statuses.ticketsWith(key);
    if (used > 0) {
      throw new ConflictError(`status '${row.name}' is in use by ${used} ticket${used === 1 ? '' : 's'}`,
        `move them first: helpdesk ticket list --queue all --status ${key}`);
    }
    await tx.statuses.remove(key);
    return { ...toCustom(row), builtin: false, tickets: 0 };
  });
}

/**
 * A status name as typed (`In Progress`, `on-hold`, `On Hold`) → what a ticket can be set to.
 * Unknown names are usage errors (exit 2) naming the choices, custom ones included.
 */
export async function resolveStatus(tx: Tx, text: string): Promise<StatusTarget> {
  const key = statusKey(text);
  const builtin = STATUSES.find((s) => s === key || statusKey(STATUS_INFO[s].display) === key);
  if (builtin) return builtinTarget(builtin);
  const row = await tx.statuses.byKey(key);
  if (row) return customTarget(toCustom(row));
  const all = [...STATUSES, ...(await tx.statuses.list()).map((r) => r.key)];
  throw new UsageError(`unknown status '${text}'`, choicesHint(text, all));
}

/** Several names (a `--status a,b` filter) split into built-in and custom keys. */
export async function resolveStatusFilter(tx: Tx, names: readonly string[]): Promise<{ statuses: Status[]; customStatuses: string[] }> {
  const statuses: Status[] = [];
  const customStatuses: string[] = [];
  for (const name of names) {
    const t = await resolveStatus(tx, name);
    if (t.custom) customStatuses.push(t.key);
    else statuses.push(t.base);
  }
  return { statuses, customStatuses };
}

/** Where a ticket stands now: its custom status if it has one, else its built-in status. */
export async function currentTarget(tx: Tx, row: TicketRow): Promise<StatusTarget> {
  if (!row.custom_status) return builtinTarget(row.status);
  const custom = await tx.statuses.byKey(row.custom_status);
  // The foreign key keeps the row; a missing one would be a damaged database: fall back to the base.
  return custom ? customTarget(toCustom(custom)) : builtinTarget(row.status);
}

/** The keys of the custom statuses that stand the resolution clock still (`--pause`). */
export async function pausingKeys(tx: Pick<Tx, 'statuses'>): Promise<Set<string>> {
  return new Set((await tx.statuses.list()).filter((r) => r.pause === 1).map((r) => r.key));
}
