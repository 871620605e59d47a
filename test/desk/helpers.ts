/**
 * A fresh help desk per test: a temp-file database with the real migrations and the training
 * organisation, and the clock frozen.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskContext } from '../../src/desk/context.js';
import { initOrganisation } from '../../src/desk/init.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

export interface TestDesk {
  ctx: DeskContext;
  dir: string;
  path: string;
  /** The same help desk an hour (or `minutes`) later. */
  later(minutes?: number): DeskContext;
  /** FTS5's own check that the search index matches the tickets and threads exactly. */
  searchIndexIntact(): boolean;
  close(): void;
}

export async function labDesk(now = new Date('2026-03-02T09:00:00Z')): Promise<TestDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-desk-'));
  const path = join(dir, 'helpdesk.db');
  const store = openSqliteStore(path);
  const ctx: DeskContext = { store, now };
  await initOrganisation(ctx, { sample: 'lab', admin: 'admin' });
  let clock = now.getTime();
  return {
    ctx, dir, path,
    later(minutes = 60) {
      clock += minutes * 60_000;
      return { store, now: new Date(clock) };
    },
    searchIndexIntact() {
      const db = new Database(path);
      try {
        db.exec("INSERT INTO ticket_fts(ticket_fts, rank) VALUES ('integrity-check', 1)");
        return true;
      } catch {
        return false;
      } finally {
        db.close();
      }
    },
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
