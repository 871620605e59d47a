/**
 * The server's group commit (one fsync per request capped it near 700 tickets/s): writes
 * that arrive together are committed in one transaction, each in its own savepoint — one that
 * fails is rolled back alone, the others land, and each caller hears of its own outcome.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queuedStore } from '../../src/server/desk-access.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helpdesk-group-'));
  store = openSqliteStore(join(dir, 'h.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const settings = () => {
  const db = new Database(store.path, { readonly: true });
  try {
    return (db.prepare("SELECT key FROM settings WHERE key LIKE 'group.%' ORDER BY key").pluck().all() as string[]);
  } finally {
    db.close();
  }
};

describe('queuedStore over SQLite', () => {
  it('commits writes that arrive together in one transaction; a failing one is rolled back alone', async () => {
    let groups = 0;
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'writeEach') return (fns: never[]) => { groups++; return target.writeEach(fns); };
        return Reflect.get(target, prop, receiver);
      },
    });
    const q = queuedStore(counting);
    const writes = Array.from({ length: 10 }, (_, i) => q.write(async (tx) => {
      await tx.settings.setSetting(`group.${i}`, 'x');
      if (i === 4) throw new Error('unit 4 fails after writing');
      return i;
    }));
    const settled = await Promise.allSettled(writes);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((settled[4] as PromiseRejectedResult).reason.message).toBe('unit 4 fails after writing');
    expect((settled[7] as PromiseFulfilledResult<number>).value).toBe(7);
    // The first write starts its group; the nine that arrived meanwhile make one more.
    expect(groups).toBeGreaterThanOrEqual(1);
    expect(groups).toBeLessThanOrEqual(2);
    expect(settings()).toEqual(['group.0', 'group.1', 'group.2', 'group.3', 'group.5', 'group.6', 'group.7', 'group.8', 'group.9']);
  });

  it('a write arriving after a group committed makes a group of its own, and reads see committed work', async () => {
    const q = queuedStore(store);
    await q.write((tx) => tx.settings.setSetting('group.a', '1'));
    expect(await q.read((tx) => tx.settings.getSetting('group.a'))).toBe('1');
    await expect(q.write(async () => { throw new Error('alone'); })).rejects.toThrow('alone');
    expect(settings()).toEqual(['group.a']);
  });
});
