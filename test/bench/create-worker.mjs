// One of the benchmark's concurrent writers: creates N tickets through the desk with its own
// connection (as N separate `ticket create` commands would, minus process start-up) and reports
// how many it created and every error, as JSON on stdout.
import { createTicket } from '../../dist/desk/tickets.js';
import { openSqliteStore } from '../../dist/store/sqlite.js';
import { BENCH_NOW } from './generate.mjs';

const [file, count, worker] = process.argv.slice(2);
const store = openSqliteStore(file);
const errors = [];
let created = 0;
for (let i = 0; i < Number(count); i++) {
  try {
    await createTicket({ store, now: new Date(BENCH_NOW) }, {
      actor: 'admin', user: `writer${worker}-${i}@example.com`, subject: `Concurrent ticket ${worker}/${i}`, body: 'Created by one of four writers at once.',
    });
    created++;
  } catch (err) {
    errors.push(String(err?.message ?? err));
  }
}
store.close();
process.stdout.write(JSON.stringify({ created, errors }));
