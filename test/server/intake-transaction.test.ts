/**
 * POST /api/tickets.json checks its API key in the same transaction that writes the ticket (
 * a read and then a write per request, each waiting for its turn on the server's one connection),
 * and a wrong key is still 401 whatever the body — without writing anything.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addApiKey } from '../../src/desk/auth/api-keys.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import type { Store } from '../../src/store/types.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

let desk: TestDesk;
let server: RunningServer;
let key: string;
const calls: string[] = [];

beforeEach(async () => {
  desk = await labDesk();
  key = (await addApiKey(desk.ctx, { actor: 'admin' })).key;
  const counting = new Proxy(desk.store, {
    get(target, prop, receiver) {
      if (prop === 'read' || prop === 'write' || prop === 'writeEach') {
        const fn = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
        return (...a: unknown[]) => { calls.push(String(prop)); return fn.apply(target, a); };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  }) as Store;
  server = await startServer({ store: counting, host: '127.0.0.1', port: 0, clock: () => desk.ctx.now, log: () => {}, maxBody: 1 << 20 });
  calls.length = 0;
});
afterEach(async () => {
  await server.close();
  desk.cleanup();
});

const post = (headers: Record<string, string>, body: string) => fetch(`${server.url}/api/tickets.json`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const tickets = () => desk.store.db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;

describe('POST /api/tickets.json', () => {
  it('is one write transaction: no read before it for the key', async () => {
    const res = await post({ 'x-api-key': key }, JSON.stringify({ name: 'Ken', email: 'ken@example.com', subject: 'Printer', message: 'Jams.' }));
    expect(res.status).toBe(201);
    expect(await res.text()).toMatch(/^\d{6}$/);
    expect(calls).toEqual(['writeEach']);
  });

  it('a wrong key is 401 even with a malformed body, and writes nothing', async () => {
    const before = tickets();
    const res = await post({ 'x-api-key': 'hdk_wrong' }, '{not json');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    const good = await post({ 'x-api-key': key }, '{not json');
    expect(good.status).toBe(400);
    expect(tickets()).toBe(before);
  });
});
