/**
 * Rules for working tickets together: time spent, link types, automatic assignment's
 * choice, parent cycles and what a merge may join. Pure: callers pass what the store holds.
 */
import { ConflictError, UsageError, choicesHint } from './errors.js';

/** Longest single time entry: a week of work is a mistake in the unit, not a log. */
const MAX_MINUTES = 7 * 24 * 60;

/** `25m`, `1h30m`, `2h`, `1.5h` or a bare number of minutes; a positive whole number of minutes. */
export function parseTimeSpent(text: string): number {
  const raw = text.trim().toLowerCase().replace(/\s+/g, '');
  const hint = 'examples: --time 15m, --time 1h30m, --time 2h';
  let minutes: number | null = null;
  if (/^\d+$/.test(raw)) minutes = Number(raw);
  else {
    const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+)m(?:in)?)?$/.exec(raw);
    if (m && (m[1] !== undefined || m[2] !== undefined)) minutes = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  }
  if (minutes === null || !Number.isFinite(minutes)) throw new UsageError(`--time '${text}' is not a duration`, hint);
  minutes = Math.round(minutes);
  if (minutes <= 0) throw new UsageError(`--time '${text}' must be at least one minute`, hint);
  if (minutes > MAX_MINUTES) throw new UsageError(`--time '${text}' is more than a week`, 'log the time of one piece of work at a time');
  return minutes;
}

export const LINK_TYPES = ['relates', 'duplicates', 'blocks'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export function parseLinkType(text: string): LinkType {
  const key = text.trim().toLowerCase();
  const found = LINK_TYPES.find((t) => t === key);
  if (!found) throw new UsageError(`unknown link type '${text}'`, choicesHint(text, LINK_TYPES));
  return found;
}

/** How a link reads from the other end: `100002 blocks 100003` is `blocked-by` on 100003. */
export function linkTypeSeenFrom(type: LinkType, outgoing: boolean): string {
  if (outgoing || type === 'relates') return type;
  return type === 'blocks' ? 'blocked-by' : 'duplicated-by';
}

export const AUTO_ASSIGN_RULES = ['round-robin', 'least-open'] as const;
export type AutoAssignRule = (typeof AUTO_ASSIGN_RULES)[number];

/** `round-robin`, `least-open`, or `off` (null). */
export function parseAutoAssign(text: string): AutoAssignRule | null {
  const key = text.trim().toLowerCase();
  if (key === 'off' || key === 'none') return null;
  const found = AUTO_ASSIGN_RULES.find((r) => r === key);
  if (!found) throw new UsageError(`unknown assignment rule '${text}'`, choicesHint(text, [...AUTO_ASSIGN_RULES, 'off']));
  return found;
}

export interface Candidate { id: number; username: string; open_count: number }

/**
 * The agent a new ticket goes to. Candidates come ordered by id. Round-robin: the first after the one
 * chosen last (wrapping). Least-open: the fewest open tickets, ties broken the same round-robin way,
 * so equal loads still rotate. Null when nobody can take it.
 */
export function chooseAssignee(rule: AutoAssignRule, candidates: readonly Candidate[], lastId: number | null): Candidate | null {
  if (candidates.length === 0) return null;
  const start = lastId === null ? 0 : candidates.findIndex((c) => c.id > lastId);
  const rotated = start <= 0 ? [...candidates] : [...candidates.slice(start), ...candidates.slice(0, start)];
  if (rule === 'round-robin') return rotated[0]!;
  return rotated.reduce((best, c) => (c.open_count < best.open_count ? c : best));
}

/** Refuses a parent that would make a cycle: the ticket itself, or one of its descendants. */
export function checkParent(child: string, parent: string, parentAncestors: readonly string[]): void {
  if (child === parent) throw new ConflictError(`#${child} cannot be its own parent`);
  if (parentAncestors.includes(child)) {
    throw new ConflictError(`#${parent} is a descendant of #${child}; that parent would make a cycle`, `helpdesk ticket edit ${parent} --no-parent first`);
  }
}

/** What a merge may join: never a ticket into itself, a closed target, or a ticket merged before. */
export function checkMerge(target: { number: string; state: string; merged: boolean }, source: { number: string; merged: boolean }): void {
  if (source.number === target.number) throw new ConflictError(`cannot merge #${target.number} into itself`);
  if (target.merged) throw new ConflictError(`#${target.number} was merged into another ticket`, 'merge into the ticket it was merged into');
  if (target.state === 'closed') {
    throw new ConflictError(`#${target.number} is closed; cannot merge into a closed ticket`, `reopen it first: helpdesk ticket reopen ${target.number}`);
  }
  if (source.merged) throw new ConflictError(`#${source.number} was already merged into another ticket`);
}
