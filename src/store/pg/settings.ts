/**
 * Settings on PostgreSQL: the key/value table, as on SQLite.
 */
import type { SettingsTx } from '../types.js';
import type { PgConn } from './conn.js';

/** One setting's value (group-cache.ts knows this statement: a read of one key). */
export const GET_SETTING_SQL = 'SELECT value FROM settings WHERE key = $1';

export class PgSettings implements SettingsTx {
  constructor(private readonly c: PgConn) {}

  async getSetting(key: string) {
    return (await this.c.one<{ value: string }>(GET_SETTING_SQL, [key]))?.value ?? null;
  }
  async setSetting(key: string, value: string) {
    await this.c.run('INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }
  async settingsAll() {
    return this.c.all<{ key: string; value: string }>('SELECT key, value FROM settings ORDER BY key');
  }
  async deleteSetting(key: string) {
    await this.c.run('DELETE FROM settings WHERE key = $1', [key]);
  }
}
