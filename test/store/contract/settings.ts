/** Contract: settings, and what a transaction promises (all or nothing, reads see what was committed). */
import { describe, expect, it } from 'vitest';
import { freshStore, openAnother, type MakeStore } from './fixture.js';

export function settingsContract(make: MakeStore): void {
  describe('settings and transactions', () => {
    const s = freshStore(make);

    it('stores, overwrites, lists by key and deletes settings', async () => {
      const { store } = s();
      expect(await store.read((tx) => tx.settings.getSetting('mail.from'))).toBeNull();
      await store.write(async (tx) => {
        await tx.settings.setSetting('mail.from', 'desk@example.com');
        await tx.settings.setSetting('a.first', '1');
        await tx.settings.setSetting('mail.from', 'help@example.com');
      });
      expect(await store.read((tx) => tx.settings.getSetting('mail.from'))).toBe('help@example.com');
      const all = await store.read((tx) => tx.settings.settingsAll());
      expect(all).toEqual([{ key: 'a.first', value: '1' }, { key: 'mail.from', value: 'help@example.com' }]);
      await store.write((tx) => tx.settings.deleteSetting('a.first'));
      expect(await store.read((tx) => tx.settings.settingsAll())).toEqual([{ key: 'mail.from', value: 'help@example.com' }]);
    });

    it('a write that throws leaves nothing behind and passes the error on', async () => {
      const { store } = s();
      const boom = new Error('boom');
      await expect(store.write(async (tx) => {
        await tx.settings.setSetting('k', 'v');
        await tx.org.insertDept('Halfway', null);
        throw boom;
      })).rejects.toBe(boom);
      expect(await store.read((tx) => tx.settings.getSetting('k'))).toBeNull();
      expect(await store.read((tx) => tx.org.deptByName('Halfway'))).toBeNull();
    });

    it('returns what the transaction returns, and another connection reads what was committed', async () => {
      const { store, opener } = s();
      expect(await store.write(async (tx) => { await tx.settings.setSetting('k', 'v1'); return 42; })).toBe(42);
      const other = await openAnother(opener);
      try {
        expect(await other.read((tx) => tx.settings.getSetting('k'))).toBe('v1');
        await other.write((tx) => tx.settings.setSetting('k', 'v2'));
        expect(await store.read((tx) => tx.settings.getSetting('k'))).toBe('v2');
      } finally {
        await other.close();
      }
    });
  });
}
