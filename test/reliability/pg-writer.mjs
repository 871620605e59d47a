// One writer process of test/reliability/pg-writers.test.ts: creates `count` tickets, one
// transaction each, through the built desk on its own PostgreSQL connection — as one machine of many
// would — and prints the numbers it was given, one a line.
import { createTicket } from '../../dist/desk/tickets/create.js';
import { openPgStore } from '../../dist/store/pg/store.js';

const [url, writer, count] = process.argv.slice(2);
const store = openPgStore(url, { busyTimeoutMs: 60_000 });
try {
  for (let i = 0; i < Number(count); i++) {
    const t = await createTicket({ store, now: new Date('2026-03-02T09:00:00Z') }, {
      actor: 'john', user: `writer${writer}@example.com`, subject: `Writer ${writer} ticket ${i}`, body: `Body ${writer}-${i}`,
    });
    process.stdout.write(`${t.number}\n`);
  }
} finally {
  await store.end();
}
