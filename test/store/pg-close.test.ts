/**
 * Closing the PostgreSQL store at the end of a command: the connection the last read kept
 * (store.ts hold()) says goodbye and no longer keeps the process alive, so that the process need
 * not wait for the server to close the socket in turn.
 */
import { describe, expect, it } from 'vitest';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';

const skip = pgUnavailable();
const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

describe.skipIf(skip !== null)('closing the PostgreSQL store', () => {
  it('the connection a read kept no longer holds the process open once the store is closed', async () => {
    const { store } = await freshPgStore();
    await store.write(async (tx) => tx.settings.setSetting('k', 'v'));
    const before = sockets();
    // A read keeps its connection until the next turn of the event loop (its COMMIT rides with the next BEGIN).
    expect(await store.read(async (tx) => tx.settings.getSetting('k'))).toBe('v');
    store.close();
    // At once, before the server has answered the goodbye: nothing of the store keeps the process alive.
    expect(sockets()).toBe(before);
    await store.end();
  });
});
