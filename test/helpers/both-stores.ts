/**
 * The same help desk on both stores: a test written once runs on SQLite (a temp file) and on
 * PostgreSQL (a fresh database of the test cluster), each with the training organisation, so that
 * every assertion holds for both — and results can be compared between them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskContext } from '../../src/desk/context.js';
import { initOrganisation } from '../../src/desk/init.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { freshPgStore } from './pg-desk.js';
import { pgUnavailable } from './pg-server.mjs';

export type StoreKind = 'sqlite' | 'postgres';

/** The stores this machine can test: SQLite always, PostgreSQL when it is installed. */
export const STORE_KINDS: StoreKind[] = pgUnavailable() === null ? ['sqlite', 'postgres'] : ['sqlite'];

export interface BothDesk {
  kind: StoreKind;
  store: Store;
  /** The desk at an ISO instant. */
  at(iso: string): DeskContext;
  /** The URL (PostgreSQL) or file (SQLite) a spawned binary takes as --db. */
  db: string;
  close(): void;
}

/** An empty store of this kind (no organisation). */
export async function emptyStore(kind: StoreKind): Promise<{ store: Store; db: string; close(): void }> {
  if (kind === 'postgres') {
    const { store, url } = await freshPgStore();
    return { store, db: url, close: () => store.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-both-'));
  const file = join(dir, 'helpdesk.db');
  const store = openSqliteStore(file);
  return { store, db: file, close: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A store of this kind with the lab organisation, made at `created`. */
export async function labDeskOn(kind: StoreKind, created = '2026-03-02T08:00:00Z'): Promise<BothDesk> {
  const { store, db, close } = await emptyStore(kind);
  const at = (iso: string): DeskContext => ({ store, now: new Date(iso) });
  await initOrganisation(at(created), { sample: 'lab', admin: 'admin' });
  return { kind, store, at, db, close };
}
