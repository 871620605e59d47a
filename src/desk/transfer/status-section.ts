/**
 * Custom statuses in an export: `organisation.statuses`, one record per status. Tickets
 * name a custom status by its key (`"status": "on-hold"`), so the section's names are keys; a file
 * written before custom statuses simply has no section. Merged like the other sections: a key the
 * database already has keeps the database's status.
 */
import { parseCustomStatusName, parseState } from '../../core/custom-status.js';
import type { State } from '../../core/model.js';
import { ConflictError } from '../../core/errors.js';
import { BadRecordError, Fields, inRecord } from '../../core/records.js';
import type { Section } from './sections.js';

export interface StatusRecord { key: string; name: string; state: State; pause: boolean; created_at: string }

export const customStatuses: Section<StatusRecord> = {
  key: 'statuses', what: 'status',
  dump: async (tx) => (await tx.statuses.list()).map((r) => ({ key: r.key, name: r.name, state: r.state, pause: r.pause === 1, created_at: r.created_at })),
  parse(raw, where) {
    const f = new Fields(raw, where);
    // The same rules as `status add`: a built-in name cannot be shadowed, the key follows from the name.
    const { key, name } = inRecord(where, 'name', () => {
      try {
        return parseCustomStatusName(f.str('name'));
      } catch (err) {
        // Shadowing a built-in is a conflict at `status add`; in a file it is a bad record like any other.
        if (err instanceof ConflictError) throw new BadRecordError(where, `'name': ${err.message}`);
        throw err;
      }
    });
    if (f.has('key') && f.str('key') !== key) f.fail('key', `must be '${key}', the key of its name`);
    const state = inRecord(where, 'state', () => parseState(f.str('state')));
    const pause = f.bool('pause', false);
    if (pause && state === 'closed') f.fail('pause', 'goes with state open only');
    return { key, name, state, pause, created_at: f.has('created_at') ? f.time('created_at') : '1970-01-01T00:00:00.000Z' };
  },
  name: (r) => r.key,
  refs: () => [],
  existing: async (tx) => (await tx.statuses.list()).map((r) => r.key),
  async load(tx, r) {
    if (await tx.statuses.byKey(r.key)) return false;
    await tx.statuses.insert({ key: r.key, name: r.name, state: r.state, pause: r.pause ? 1 : 0, created_at: r.created_at });
    return true;
  },
};
