/**
 * The settings section of an export: every setting except secrets (SMTP credentials and anything
 * named like a password, secret or token) and facts about one database file (when it was created,
 * the last ticket number issued). Settings that hold an id are written by name.
 */
import { Fields, inRecord } from '../../core/records.js';
import { parseTimezone } from '../../core/schedule.js';
import type { Tx } from '../../store/types.js';
import type { SectionKey } from './sections.js';

const INTERNAL = new Set(['initialised_at', 'ticket.last_number', 'search.deferred', 'init.sample']);
const SECRET = /^mail\.smtp$|password|passwd|secret|token|credential|api[._-]?key/i;

/** Settings whose value is the id of a record, exported as its name. */
const BY_NAME: Record<string, SectionKey> = { 'default.sla': 'sla_plans' };

/** The running lab's bookkeeping (lab.*) belongs to its database: imported, it would mark a real desk as a lab. */
const PER_DATABASE = /^lab\./;

export const isExportedSetting = (key: string): boolean => !INTERNAL.has(key) && !PER_DATABASE.test(key) && !SECRET.test(key);

export async function dumpSettings(tx: Tx): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { key, value } of await tx.settings.settingsAll()) {
    if (!isExportedSetting(key)) continue;
    if (BY_NAME[key] === 'sla_plans') {
      const plan = await tx.sla.slaById(Number(value));
      if (plan) out[key] = plan.name;
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function parseSettings(raw: unknown, where: string): Record<string, string> {
  const f = new Fields(raw, where);
  const out: Record<string, string> = {};
  for (const key of Object.keys(raw as object)) {
    // Files written before lab bookkeeping was left out of exports carry it: skip it, never apply it.
    if (PER_DATABASE.test(key)) continue;
    if (!isExportedSetting(key)) f.fail(key, 'cannot be imported (it is a secret or belongs to one database file)');
    const value = f.str(key, { empty: true });
    out[key] = key === 'timezone' ? inRecord(where, key, () => parseTimezone(value)) : value;
  }
  return out;
}

export function settingRefs(settings: Record<string, string>): Array<[SectionKey, string, string]> {
  return Object.entries(BY_NAME).filter(([key]) => settings[key] !== undefined).map(([key, section]) => [section, settings[key]!, key]);
}

/**
 * Applies the settings: all of them into a new database; into an existing one only those it does
 * not have yet (its own configuration wins). Returns how many were set.
 */
export async function loadSettings(tx: Tx, settings: Record<string, string>, overwrite: boolean): Promise<number> {
  let n = 0;
  for (const [key, value] of Object.entries(settings)) {
    if (!overwrite && (await tx.settings.getSetting(key)) !== null) continue;
    const stored = BY_NAME[key] === 'sla_plans' ? String((await tx.sla.slaByName(value))!.id) : value;
    await tx.settings.setSetting(key, stored);
    n++;
  }
  return n;
}
