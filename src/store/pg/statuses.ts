/** Custom statuses on PostgreSQL (from statuses/sqlite.ts): the statuses table and how many tickets are in each. */
import type { StatusRow, StatusesTx } from '../statuses/types.js';
import type { PgConn } from './conn.js';

const SELECT = 'SELECT key, name, state, pause, created_at FROM statuses';

export class PgStatuses implements StatusesTx {
  constructor(private readonly c: PgConn) {}

  async list() {
    return this.c.all<StatusRow>(`${SELECT} ORDER BY key`);
  }
  async byKey(key: string) {
    return this.c.one<StatusRow>(`${SELECT} WHERE key = $1`, [key]);
  }
  async insert(row: StatusRow) {
    await this.c.run('INSERT INTO statuses(key, name, state, pause, created_at) VALUES ($1, $2, $3, $4, $5)',
      [row.key, row.name, row.state, row.pause, row.created_at]);
  }
  async remove(key: string) {
    await this.c.run('DELETE FROM statuses WHERE key = $1', [key]);
  }
  async ticketsWith(key: string) {
    return Number((await this.c.one<{ n: number }>('SELECT count(*) AS n FROM tickets WHERE custom_status = $1', [key]))!.n);
  }
}
