/**
 * A fresh help desk for desk-level tests: a temp-file database with the real migrations and the
 * training organisation, and a context at any instant.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { HelpdeskError } from '../../src/core/errors.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskContext } from '../../src/desk/context.js';
import { initOrganisation } from '../../src/desk/init.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';

export interface TestDesk {
  store: SqliteStore;
  dir: string;
  path: string;
  /** The desk as of an ISO instant. */
  at(iso: string): DeskContext;
  /** The desk at the instant it was made. */
  ctx: DeskContext;
  /** The desk an hour (or `minutes`) after the previous later() (or its making). */
  later(minutes?: number): DeskContext;
  /** FTS5's own check that the search index matches the tickets and threads exactly. */
  searchIndexIntact(): boolean;
  cleanup(): void;
}

export async function labDesk(created = '2026-03-02T08:00:00Z'): Promise<TestDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-desk-'));
  const path = join(dir, 'helpdesk.db');
  const store = openSqliteStore(path);
  const at = (iso: string): DeskContext => ({ store, now: new Date(iso) });
  const ctx = at(created);
  await initOrganisation(ctx, { sample: 'lab', admin: 'admin' });
  let clock = ctx.now.getTime();
  return {
    store, dir, path, at, ctx,
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
    cleanup: () => { store.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Awaits fn (which may also throw synchronously) and returns the HelpdeskError it failed with. */
export async function failure(fn: () => unknown): Promise<HelpdeskError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HelpdeskError);
    return e as HelpdeskError;
  }
  throw new Error('expected the use case to fail');
}
