// One of the benchmark's concurrent writers: creates tickets through the desk with its own
// connection (as separate `ticket create` commands would, minus process start-up) for N seconds,
// and reports how many it created, every error and each create's time (waiting for the lock
// included), as JSON on stdout.
import { createTicket } from '../../dist/desk/tickets/create.js';
import { openSqliteStore } from '../../dist/store/sqlite.js';
import { BENCH_NOW } from './generate.mjs';

const [file, seconds, worker] = process.argv.slice(2);
const store = openSqliteStore(file);
const errors = [];
const waits = [];
let created = 0;
const end = performance.now() + Number(seconds) * 1000;
for (let i = 0; performance.now() < end; i++) {
  const start = performance.now();
  try {
    await createTicket({ store, now: new Date(BENCH_NOW) }, {
      actor: 'admin', user: `writer${worker}-${i}@example.com`, subject: `Concurrent ticket ${worker}/${i}`, body: 'Created by one of eight writers at once.',
    });
    created++;
  } catch (err) {
    errors.push(String(err?.message ?? err));
  }
  waits.push(Math.round((performance.now() - start) * 10) / 10);
}
store.close();
process.stdout.write(JSON.stringify({ created, errors, waits }));
