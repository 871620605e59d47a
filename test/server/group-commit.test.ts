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

  it('writes that arrive while the group before is being synced wait for that sync and commit as one group', async () => {
    const sizes: number[] = [];
    const syncs: Array<() => void> = [];
    const syncsAtCommit: number[] = [];
    const slowSync = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'writeEach') return (fns: never[]) => { sizes.push(fns.length); syncsAtCommit.push(syncs.length); return target.writeEach(fns); };
        if (prop === 'durable') return () => new Promise<void>((done) => syncs.push(done));
        return Reflect.get(target, prop, receiver);
      },
    });
    const q = queuedStore(slowSync);
    const tick = () => new Promise((done) => setImmediate(done));
    const answered: string[] = [];
    const write = (key: string) => q.write((tx) => tx.settings.setSetting(`group.${key}`, 'x')).then(() => { answered.push(key); });
    const first = write('a');
    while (syncs.length === 0) await tick();
    // Three writes, each in an event-loop turn of its own, while the first group's sync runs.
    const later = [];
    for (const key of ['b', 'c', 'd']) { later.push(write(key)); await tick(); await tick(); }
    expect(sizes).toEqual([1]);
    expect(answered).toEqual([]);
    syncs[0]!();
    await first;
    while (syncs.length < 2) await tick();
    expect(sizes).toEqual([1, 3]);
    // The second group committed after the first sync had ended, and is answered only once its own has.
    expect(syncsAtCommit).toEqual([0, 1]);
    expect(answered).toEqual(['a']);
    syncs[1]!();
    await Promise.all(later);
    expect(answered).toEqual(['a', 'b', 'c', 'd']);
    expect(settings()).toEqual(['group.a', 'group.b', 'group.c', 'group.d']);
  });

  it('a failed sync fails its group, and the next group still commits', async () => {
    let syncNo = 0;
    const failing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'durable') return () => (++syncNo === 1 ? Promise.reject(new Error('EIO')) : Promise.resolve());
        return Reflect.get(target, prop, receiver);
      },
    });
    const q = queuedStore(failing);
    await expect(q.write((tx) => tx.settings.setSetting('group.x', '1'))).rejects.toThrow('EIO');
    await q.write((tx) => tx.settings.setSetting('group.y', '1'));
    expect(settings()).toEqual(['group.x', 'group.y']);
  });

  it('a write arriving after a group committed makes a group of its own, and reads see committed work', async () => {
    const q = queuedStore(store);
    await q.write((tx) => tx.settings.setSetting('group.a', '1'));
    expect(await q.read((tx) => tx.settings.getSetting('group.a'))).toBe('1');
    await expect(q.write(async () => { throw new Error('alone'); })).rejects.toThrow('alone');
    expect(settings()).toEqual(['group.a']);
  });
});
