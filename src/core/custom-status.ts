/**
 * Custom statuses: "On Hold" with an open or closed state, optionally pausing the
 * resolution clock. A ticket in a custom status keeps a built-in status underneath that carries the
 * state — `in-progress` for open-state ones, `resolved` for closed-state ones — so every rule written
 * for built-ins (queues, reopen, replies, overdue) applies unchanged. Pure: no I/O.
 */
import { ConflictError, UsageError, choicesHint } from './errors.js';
import { STATUSES, STATUS_INFO, type State, type Status } from './model.js';
import { planStatusChange } from './lifecycle.js';
import { isoTime } from './time.js';
import { dueFor, planMinutesBetween, type ClockState, type ClockUpdate, type SlaPlan } from './sla.js';

export interface CustomStatus { key: string; name: string; state: State; pause: boolean }

/** A status a ticket can be in: a built-in one, or a custom one over its built-in base. */
export interface StatusTarget { key: string; base: Status; custom: CustomStatus | null }

export const STATES: readonly State[] = ['open', 'closed'];

/** The key of a name: lower case, runs of spaces/underscores/hyphens become one hyphen. */
export function statusKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase().replace(/[\s_-]+/g, '-').replace(/^-|-$/g, '');
}

/** Validates a new custom status's name; built-in keys and display names cannot be shadowed. */
export function parseCustomStatusName(text: string): { key: string; name: string } {
  const name = text.trim().replace(/\s+/g, ' ');
  const key = statusKey(name);
  if (!key) throw new UsageError('a status needs a name', 'example: helpdesk status add "On Hold" --state open');
  if (name.length > 40) throw new UsageError(`status name '${name.slice(0, 40)}…' is longer than 40 characters`);
  // eslint-disable-next-line no-control-regex -- the point is to find control characters in a name
  if (/[\u0000-\u001f\u007f,]/.test(name)) throw new UsageError('a status name may not contain control characters or commas');
  const shadowed = STATUSES.find((s) => s === key || statusKey(STATUS_INFO[s].display) === key);
  if (shadowed) {
    throw new ConflictError(`'${name}' is the built-in status ${shadowed}`, `built-in statuses: ${STATUSES.join(', ')}; pick another name`);
  }
  return { key, name };
}

export function parseState(text: string): State {
  const key = text.trim().toLowerCase();
  const found = STATES.find((s) => s === key);
  if (!found) throw new UsageError(`unknown state '${text}'`, choicesHint(text, STATES));
  return found;
}

/** The built-in status a custom one sits on. */
export const baseOf = (state: State): Status => (state === 'open' ? 'in-progress' : 'resolved');

export function customTarget(c: CustomStatus): StatusTarget {
  return { key: c.key, base: baseOf(c.state), custom: c };
}
export const builtinTarget = (s: Status): StatusTarget => ({ key: s, base: s, custom: null });

export function displayOf(t: StatusTarget): string {
  return t.custom ? t.custom.name : STATUS_INFO[t.base].display;
}

export type TargetChange =
  | { kind: 'noop' }
  | { kind: 'change'; from: StatusTarget; to: StatusTarget; reopen: boolean; baseChanged: boolean };

/**
 * The transition rules with custom statuses: the built-in rules decide between different bases;
 * two statuses over the same base are peers (On Hold ↔ In Progress, Cancelled ↔ Resolved), except
 * that nothing leaves `closed` for a closed-state status — that still needs a reopen.
 */
export function planTargetChange(from: StatusTarget, to: StatusTarget): TargetChange {
  if (from.key === to.key) return { kind: 'noop' };
  // A built-in target keeps the built-in rule's own message (planStatusChange below).
  if (from.base === 'closed' && to.custom && STATUS_INFO[to.base].state === 'closed') {
    throw new ConflictError(`a closed ticket cannot become ${displayOf(to)}`, 'reopen it first (helpdesk ticket reopen <n>), or leave it closed');
  }
  if (from.base !== to.base) {
    const base = planStatusChange(from.base, to.base);
    if (base.kind === 'noop') return { kind: 'noop' };
    return { kind: 'change', from, to, reopen: base.reopen, baseChanged: true };
  }
  return { kind: 'change', from, to, reopen: false, baseChanged: false };
}

/**
 * The clock after a change that involves a pausing custom status, given what the built-in rules
 * already made of it (`afterBase`). Entering a pausing status (from a running clock) stops the
 * resolution clock; leaving it for a status that does not pause adds the paused business time to
 * the resolution due time only — the first-response target never pauses for a custom status.
 */
export function clockAfterCustomPause(
  plan: SlaPlan | null,
  clock: Omit<ClockState, 'firstResponseAt'>,
  afterBase: ClockUpdate,
  change: { from: StatusTarget; to: StatusTarget },
  now: Date,
): ClockUpdate {
  const pausesAfter = change.to.custom ? change.to.custom.pause : change.to.base === 'awaiting-response' && plan?.pauseAwaiting === true;
  const merged = { ...clock, ...afterBase } as Omit<ClockState, 'firstResponseAt'>;
  const pausedAfterBase = afterBase.pausedAt !== undefined ? afterBase.pausedAt : clock.pausedAt;
  if (change.to.custom?.pause && change.to.custom.state === 'open') {
    return pausedAfterBase === null ? { ...afterBase, pausedAt: isoTime(now) } : afterBase;
  }
  if (change.from.custom?.pause && !pausesAfter && pausedAfterBase !== null) {
    const paused = merged.pausedMinutes + (plan ? planMinutesBetween(plan, new Date(pausedAfterBase), now) : 0);
    return { ...afterBase, pausedMinutes: paused, pausedAt: null, dueAt: dueFor(plan, { ...merged, pausedMinutes: paused }).dueAt };
  }
  return afterBase;
}

/**
 * Whether a clock stands still in the status with this key: a pausing custom status always (the
 * keys in `pausing`), awaiting-response when `awaitingPauses` (the plan pauses for it).
 */
export function stillIn(key: unknown, awaitingPauses: boolean, pausing: ReadonlySet<string>): boolean {
  return (key === 'awaiting-response' && awaitingPauses) || (typeof key === 'string' && pausing.has(key));
}

/**
 * The pauses of a clock run read from its status changes (`status` and `reopened` events, oldest
 * first) from `since` on: [start, end, the status it began in], the last with end null while it still
 * runs. Moving from one status that pauses to another (Awaiting Response → On Hold) is one pause.
 */
export function pauseSpans(
  changes: ReadonlyArray<{ at: string; to: unknown }>, since: string, paused: (key: unknown) => boolean,
): Array<[string, string | null, string]> {
  const out: Array<[string, string | null, string]> = [];
  let open: [string, string] | null = null;
  for (const c of changes) {
    if (c.at < since) continue;
    if (open === null && paused(c.to)) open = [c.at, String(c.to)];
    else if (open !== null && !paused(c.to)) {
      out.push([open[0], c.at, open[1]]);
      open = null;
    }
  }
  if (open !== null) out.push([open[0], null, open[1]]);
  return out;
}
