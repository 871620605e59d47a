/**
 * A lab help desk with many synthetic tickets written straight into SQLite (one recursive
 * INSERT, seconds for 200k), for tests of behaviour at size: nothing timed, only that commands
 * work and hold the right numbers when windows, queues and backlogs are big.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskContext } from '../../src/desk/context.js';
import { initOrganisation } from '../../src/desk/init.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

export interface BigDesk {
  store: Store;
  path: string;
  at(iso: string): DeskContext;
  /** Runs SQL against the file (a second connection), e.g. to count rows. */
  sql<T>(query: string, ...params: unknown[]): T[];
  cleanup(): void;
}

export interface Fill {
  count: number;
  /** Ticket i is created at start + i * stepSeconds. */
  start: string;
  stepSeconds: number;
  /** SQL for the status of ticket i (column alias i), e.g. "'resolved'" or "CASE WHEN i % 2 THEN 'open' ELSE 'resolved' END". */
  status: string;
  /** Minutes from creation to due_at. */
  dueMinutes?: number;
  /** Every department of the lab in turn, else the first one. */
  spreadDepts?: boolean;
}

export async function bigDesk(fill: Fill, created = '2025-01-01T00:00:00Z'): Promise<BigDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-big-'));
  const path = join(dir, 'helpdesk.db');
  const store = openSqliteStore(path);
  const at = (iso: string): DeskContext => ({ store, now: new Date(iso) });
  await initOrganisation(at(created), { sample: 'lab', admin: 'admin' });
  const db = new Database(path);
  insertTickets(db, fill);
  return {
    store, path, at,
    sql: <T>(query: string, ...params: unknown[]) => {
      const st = db.prepare(query);
      return (st.reader ? st.all(...params) : (st.run(...params), [])) as T[];
    },
    cleanup: () => { db.close(); store.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

function insertTickets(db: Database.Database, f: Fill): void {
  const user = (db.prepare('SELECT id FROM users ORDER BY id LIMIT 1').get() as { id: number }).id;
  const depts = (db.prepare('SELECT id FROM departments ORDER BY id').all() as Array<{ id: number }>).map((d) => d.id);
  const dept = f.spreadDepts ? `CASE i % ${depts.length} ${depts.map((id, k) => `WHEN ${k} THEN ${id}`).join(' ')} END` : String(depts[0]);
  const created = `strftime('%Y-%m-%dT%H:%M:%fZ', @start, '+' || (i * @step) || ' seconds')`;
  const plus = (minutes: number) => `strftime('%Y-%m-%dT%H:%M:%fZ', @start, '+' || (i * @step + ${minutes * 60}) || ' seconds')`;
  const status = f.status;
  const done = `(${status}) IN ('resolved', 'closed')`;
  db.exec('PRAGMA synchronous = OFF');
  db.prepare(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @count)
    INSERT INTO tickets (number, subject, status, priority, dept_id, user_id, source, created_at, updated_at,
      due_at, first_response_at, resolved_at, clock_start_at)
    SELECT printf('%d', 500000 + i), 'Synthetic ticket ' || i, ${status}, 'normal', ${dept}, ${user}, 'web',
      ${created}, ${created}, ${f.dueMinutes === undefined ? 'NULL' : plus(f.dueMinutes)},
      ${plus(30)}, CASE WHEN ${done} THEN ${plus(120)} END, ${created}
    FROM n`).run({ count: f.count, start: f.start, step: f.stepSeconds });
}
