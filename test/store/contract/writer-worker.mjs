// A concurrent writer for the store contract: opens its own connection (as the store's opener says)
// and creates tickets one transaction each, the way `ticket create` numbers them; posts the numbers.
import { parentPort, workerData } from 'node:worker_threads';

const { opener, count, fields } = workerData;
const mod = await import(opener.module);
const store = await mod[opener.export](...opener.args);
const numbers = [];
try {
  for (let i = 0; i < count; i++) {
    numbers.push(await store.write(async (tx) => {
      const number = await tx.tickets.takeTicketNumber();
      await tx.tickets.insertTicket({ ...fields, number });
      return number;
    }));
  }
  parentPort.postMessage({ numbers });
} catch (err) {
  parentPort.postMessage({ numbers, error: String(err?.stack ?? err) });
} finally {
  await store.close();
}
