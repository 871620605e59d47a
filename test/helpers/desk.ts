/**
 * A fresh help desk for desk-level tests: a temp-file database with the real migrations and the
 * training organisation, and a context at any instant.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskContext } from '../../src/desk/context.js';
import { initOrganisation } from '../../src/desk/init.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

export interface TestDesk {
  store: Store;
  /** The desk as of an ISO instant. */
  at(iso: string): DeskContext;
  cleanup(): void;
}

export async function labDesk(created = '2026-03-02T08:00:00Z'): Promise<TestDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-desk-'));
  const store = openSqliteStore(join(dir, 'helpdesk.db'));
  const at = (iso: string): DeskContext => ({ store, now: new Date(iso) });
  await initOrganisation(at(created), { sample: 'lab', admin: 'admin' });
  return { store, at, cleanup: () => { store.close(); rmSync(dir, { recursive: true, force: true }); } };
}
