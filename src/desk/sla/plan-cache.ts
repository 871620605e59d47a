/** What the SLA use cases share: plans loaded once per use case, and the desk's time zone. */
import { parseTimezone } from '../../core/schedule.js';
import type { SlaPlan } from '../../core/sla.js';
import type { Tx } from '../../store/types.js';
import { loadPlan } from '../lookup.js';

/** Plans by id, loaded once per use case. */
export function planCache(tx: Tx): (slaId: number | null) => Promise<SlaPlan | null> {
  const plans = new Map<number, Promise<SlaPlan | null>>();
  return (slaId) => {
    if (slaId === null) return Promise.resolve(null);
    let p = plans.get(slaId);
    if (!p) plans.set(slaId, (p = loadPlan(tx, slaId)));
    return p;
  };
}

/** The help desk's time zone (setting `timezone`); UTC when unset or not a valid zone. */
export async function deskZone(tx: Tx): Promise<string> {
  const tz = (await tx.settings.getSetting('timezone')) ?? 'UTC';
  try {
    return parseTimezone(tz);
  } catch {
    return 'UTC';
  }
}
