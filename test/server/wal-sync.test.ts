/**
 * The server's commits are synced off the request thread (src/store/wal-sync.ts): its
 * connection commits with synchronous=NORMAL, a write is answered only once the log is synced, and
 * the next group commits while an earlier group's sync is still running.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queuedStore } from '../../src/server/desk-access.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { WalSync } from '../../src/store/wal-sync.js';

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helpdesk-walsync-'));
  store = openSqliteStore(join(dir, 'h.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const synchronous = () => store.db.pragma('synchronous', { simple: true });
const committed = (key: string) => {
  const db = new Database(store.path, { readonly: true });
  try {
    return db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) ?? null;
  } finally {
    db.close();
  }
};

describe('SqliteStore.syncInBackground', () => {
  it('turns the commit\'s own sync off (FULL → NORMAL) and write() still waits for the log to be synced', async () => {
    expect(synchronous()).toBe(2);
    store.syncInBackground();
    expect(synchronous()).toBe(1);
    let synced = 0;
    const original = store.durable.bind(store);
    store.durable = async () => { await original(); synced++; };
    // write() goes through the WalSync itself, not durable(): count the syncs it waits for instead.
    const sync = (store as unknown as { walSync: WalSync }).walSync;
    const realSync = sync.sync.bind(sync);
    let waited = 0;
    sync.sync = async () => { await realSync(); waited++; };
    await store.write((tx) => tx.settings.setSetting('wal.a', '1'));
    expect(waited).toBe(1);
    expect(committed('wal.a')).toBe('1');
    expect(statSync(`${store.path}-wal`).size).toBeGreaterThan(0);
    await store.durable();
    expect(synced).toBe(1);
  });

  it('a store that does not sync in the background is durable at once (the CLI keeps FULL)', async () => {
    await store.write((tx) => tx.settings.setSetting('wal.b', '1'));
    expect(synchronous()).toBe(2);
    await expect(store.durable()).resolves.toBeUndefined();
  });
});

describe('WalSync', () => {
  it('calls made while a sync runs share the next one; every call resolves', async () => {
    await store.write((tx) => tx.settings.setSetting('wal.c', '1'));
    const sync = new WalSync(`${store.path}-wal`);
    const all = [sync.sync(), sync.sync(), sync.sync(), sync.sync()];
    await expect(Promise.all(all)).resolves.toHaveLength(4);
    sync.close();
  });

  it('no log file yet: nothing to sync, resolves', async () => {
    const sync = new WalSync(join(dir, 'none.db-wal'));
    await expect(sync.sync()).resolves.toBeUndefined();
    sync.close();
  });
});

describe('queuedStore with a background sync', () => {
  it('answers a group only after durable(), and commits the next group once that sync has ended', async () => {
    store.syncInBackground();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const events: string[] = [];
    let durableCalls = 0;
    const gated = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'writeEach') {
          return async (fns: never[]) => {
            const r = await target.writeEach(fns);
            events.push(`committed ${fns.length}`);
            return r;
          };
        }
        // The first group's sync is held back; later ones go through.
        if (prop === 'durable') return () => (durableCalls++ === 0 ? gate : target.durable());
        return Reflect.get(target, prop, receiver);
      },
    });
    const q = queuedStore(gated);
    let firstDone = false;
    const first = q.write((tx) => tx.settings.setSetting('wal.first', '1')).then(() => { firstDone = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['committed 1']);
    expect(firstDone).toBe(false); // committed, but its sync has not finished
    // The next write waits for that sync (it could not be answered sooner: a sync covers only the
    // commits made before it began), so that the writes arriving meanwhile join its group.
    let secondDone = false;
    const second = q.write((tx) => tx.settings.setSetting('wal.second', '1')).then(() => { secondDone = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['committed 1']);
    expect(secondDone).toBe(false);
    release();
    await first;
    expect(firstDone).toBe(true);
    await second;
    expect(events).toEqual(['committed 1', 'committed 1']);
    expect(committed('wal.first')).toBe('1');
    expect(committed('wal.second')).toBe('1');
  });
});
