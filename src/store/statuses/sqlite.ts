/** The SQLite custom statuses (migration 14): the statuses table and how many tickets are in each. */
import { SqliteQueries } from '../sqlite-queries.js';
import type { StatusRow, StatusesTx } from './types.js';

export class SqliteStatuses extends SqliteQueries implements StatusesTx {
  async list() {
    return this.all<StatusRow>('SELECT key, name, state, pause, created_at FROM statuses ORDER BY key');
  }
  async byKey(key: string) {
    return this.get<StatusRow>('SELECT key, name, state, pause, created_at FROM statuses WHERE key = ?', key);
  }
  async insert(row: StatusRow) {
    this.run('INSERT INTO statuses(key, name, state, pause, created_at) VALUES (?, ?, ?, ?, ?)', row.key, row.name, row.state, row.pause, row.created_at);
  }
  async remove(key: string) {
    this.run('DELETE FROM statuses WHERE key = ?', key);
  }
  async ticketsWith(key: string) {
    return this.get<{ n: number }>('SELECT count(*) AS n FROM tickets WHERE custom_status = ?', key)!.n;
  }
}
