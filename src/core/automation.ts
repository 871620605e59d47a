/**
 * The rules `automate run` applies: when a resolved ticket closes by itself, when an end user
 * who went quiet is reminded and when their ticket closes, and when an SLA clock earns its warning.
 * Pure: the desk passes the settings' text, the ticket's facts and "now".
 */
import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const AFTER_EXAMPLE = 'examples: 7d, 36h, 90m, 2w, or off';

/** The setting names, which are also the `rule` every automated event names. */
export const RULES = {
  autoclose: 'ticket.autoclose_after',
  remind: 'ticket.remind_after',
  closeAwaiting: 'ticket.close_awaiting_after',
  warn: 'sla.warn_before',
} as const;

/**
 * A waiting time setting (`7d`, `36h`, `90m`, `2w`) in milliseconds, or null for `off`. Throws a
 * UsageError naming the key for anything else, so a typo never silently disables a rule.
 */
export function parseAfter(text: string, key: string): number | null {
  const raw = text.trim().toLowerCase();
  if (raw === 'off') return null;
  const m = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(raw);
  if (!m) throw new UsageError(`${key} '${text}' is not a duration`, AFTER_EXAMPLE);
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
  if (!(ms >= 60_000)) throw new UsageError(`${key} '${text}' is shorter than a minute`, AFTER_EXAMPLE);
  return ms;
}

/** `sla.warn_before`: a business time before the due time (`30m`), or a share of the target elapsed (`75%`). */
export type WarnRule = { kind: 'before'; minutes: number } | { kind: 'elapsed'; pct: number };

const WARN_EXAMPLE = 'examples: 30m (business time before the due time), 2h, 75% (of the target elapsed), or off';

export function parseWarnBefore(text: string): WarnRule | null {
  const raw = text.trim().toLowerCase();
  if (raw === 'off') return null;
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(raw);
  if (pct) {
    const n = Number(pct[1]);
    if (!(n > 0 && n < 100)) throw new UsageError(`sla.warn_before '${text}' must be between 0% and 100%`, WARN_EXAMPLE);
    return { kind: 'elapsed', pct: n };
  }
  const ms = parseAfter(raw, 'sla.warn_before');
  if (ms === null) return null;
  return { kind: 'before', minutes: ms / 60_000 };
}

/**
 * How many business minutes before its due time a clock enters its warning window: `30m` for every
 * clock, or the share of the target that is left (`75%` elapsed: a quarter of the target). Time a
 * ticket spent paused is not time elapsed, so the share is of the plan's own target. A clock is in the
 * window while 0 < minutes left <= this; past due is not a warning (the breach is `sla check`'s).
 */
export function warningWindow(rule: WarnRule, targetMinutes: number): number {
  return rule.kind === 'before' ? rule.minutes : targetMinutes * (1 - rule.pct / 100);
}

/** True once `afterMs` has passed since `since` (inclusive of the exact instant). */
export function hasWaited(since: string, afterMs: number | null, now: Date): boolean {
  return afterMs !== null && now.getTime() - Date.parse(since) >= afterMs;
}
