/** The SQLite settings table (key/value). */
import { SqliteQueries } from '../sqlite-queries.js';
import type { SettingsTx } from './types.js';

export class SqliteSettings extends SqliteQueries implements SettingsTx {
  async getSetting(key: string) {
    return this.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', key)?.value ?? null;
  }
  async setSetting(key: string, value: string) {
    this.run('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', key, value);
  }
  async settingsAll() {
    return this.all<{ key: string; value: string }>('SELECT key, value FROM settings ORDER BY key');
  }
  async deleteSetting(key: string) {
    this.run('DELETE FROM settings WHERE key = ?', key);
  }
}
