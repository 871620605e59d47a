// The synchronous test helpers (dbDigest, query in cli.ts) reach a PostgreSQL desk through
// this script, run as a child process: `node pg-query.mjs <url> digest` prints a digest of every row
// of every table; `node pg-query.mjs <url> query <sql> <json params>` prints the rows as JSON.
import { createHash } from 'node:crypto';
import pg from 'pg';

const [url, what, sql, params] = process.argv.slice(2);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  if (what === 'digest') {
    const hash = createHash('sha256');
    const tables = await client.query(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.relname COLLATE "C"`);
    for (const { name } of tables.rows) {
      hash.update(name);
      // Every row as text, in a fixed order: the same rows give the same digest.
      const rows = await client.query(`SELECT t::text AS r FROM "${name}" t ORDER BY t::text COLLATE "C"`);
      for (const { r } of rows.rows) hash.update(r);
    }
    process.stdout.write(hash.digest('hex'));
  } else {
    const rows = await client.query(sql, JSON.parse(params ?? '[]'));
    process.stdout.write(JSON.stringify(rows.rows));
  }
} finally {
  await client.end();
}
