/**
 * Shared by the reliability tests: killing a command at a random moment, and checking
 * afterwards that the database holds nothing broken or half-written.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { mulberry32 } from '../helpers/random.mjs';

/** A small seeded PRNG, so a failing run can be repeated: the seed is in the message. */
export const random = (seed: number): (() => number) => mulberry32(seed);

/**
 * The seed of the kill tests' delays: fixed, so CI runs the same kills every time and a failure
 * repeats; HELPDESK_KILL_SEED=<n> explores others (each failure message names the seed it used).
 */
export const KILL_SEED = Number(process.env.HELPDESK_KILL_SEED ?? 16);

/** A fresh copy of a database (its WAL is checkpointed into the file first, so the copy is whole). */
export function copyDatabase(from: string, to: string): void {
  const db = new Database(from);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  for (const suffix of ['-wal', '-shm']) if (existsSync(to + suffix)) throw new Error(`${to}${suffix} exists`);
  copyFileSync(from, to);
}

export interface Health {
  integrity: string;
  foreignKeyViolations: number;
  tickets: number;
  /** Tickets whose first thread entry is not the end user's message (or that have none). */
  withoutFirstMessage: number;
  /** Tickets without their `created` event. */
  withoutCreatedEvent: number;
  /** Tickets whose status is not where their status events (or none: open) left it. */
  statusNotAsEvents: number;
  searchIndex: 'ok' | string;
  /** The search triggers in the schema (six). */
  searchTriggers: number;
  /** A bulk load's marker left behind (must never be committed). */
  deferredMarker: boolean;
  maxNumber: number;
  /** The ticket-number counter (settings 'ticket.last_number'). */
  counter: number;
}

/** Everything the reliability tests promise about a database after a crash. */
export function health(path: string): Health {
  const db = new Database(path);
  try {
    const one = <T>(sql: string) => db.prepare(sql).pluck().get() as T;
    let searchIndex = 'ok';
    try {
      db.exec("INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('integrity-check', 1)");
    } catch (err) {
      searchIndex = (err as Error).message;
    }
    return {
      integrity: (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; '),
      foreignKeyViolations: (db.pragma('foreign_key_check') as unknown[]).length,
      tickets: one<number>('SELECT count(*) FROM tickets'),
      withoutFirstMessage: one<number>(`SELECT count(*) FROM tickets t WHERE COALESCE((SELECT e.kind FROM thread_entries e
        WHERE e.ticket_id = t.id ORDER BY e.id LIMIT 1), '') <> 'message'`),
      withoutCreatedEvent: one<number>("SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.type = 'created')"),
      statusNotAsEvents: one<number>(`SELECT count(*) FROM tickets t WHERE t.status <> COALESCE((SELECT json_extract(e.data, '$.to')
        FROM events e WHERE e.ticket_id = t.id AND e.type IN ('status', 'reopened') ORDER BY e.id DESC LIMIT 1), 'open')`),
      searchIndex,
      searchTriggers: one<number>("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ticket_fts_%'"),
      deferredMarker: one<number>("SELECT count(*) FROM settings WHERE key = 'search.deferred'") > 0,
      maxNumber: one<number>('SELECT COALESCE(max(CAST(number AS INTEGER)), 100000) FROM tickets'),
      counter: Number(one<string | undefined>("SELECT value FROM settings WHERE key = 'ticket.last_number'") ?? 100000),
    };
  } finally {
    db.close();
  }
}

/** What every database must look like after any crash, given how many tickets it holds. */
export function whole(tickets: number): Partial<Health> {
  return {
    integrity: 'ok', foreignKeyViolations: 0, tickets, withoutFirstMessage: 0, withoutCreatedEvent: 0, statusNotAsEvents: 0,
    searchIndex: 'ok', searchTriggers: 6, deferredMarker: false,
  };
}
