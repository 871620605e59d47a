/**
 * Four scripts writing at once: every ticket is created, every number is distinct, nobody errors.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { query, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--admin', 'ops']).code).toBe(0);
});
afterAll(() => s.cleanup());

it('four processes creating 25 tickets each → 100 tickets, 100 distinct numbers, no error', async () => {
  const writer = async (w: number) => {
    const results = [];
    for (let i = 0; i < 25; i++) {
      results.push(await s.hdAsync(['ticket', 'create', '--user', `script${w}@example.com`, '--subject', `fix ${w}-${i}`, '--body', 'done', '--resolve', 'fixed on the spot']));
    }
    return results;
  };
  const all = (await Promise.all([0, 1, 2, 3].map(writer))).flat();
  expect(all.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
  const numbers = all.map((r) => r.stdout.trim());
  expect(new Set(numbers).size).toBe(100);
  expect([...numbers].sort()).toEqual(Array.from({ length: 100 }, (_, i) => String(100001 + i)));
  const rows = query<{ n: number; entries: number }>(s.db,
    `SELECT count(*) AS n, (SELECT count(*) FROM thread_entries) AS entries FROM tickets WHERE status = 'resolved'`);
  expect(rows[0]).toEqual({ n: 100, entries: 200 });
}, 180_000);
