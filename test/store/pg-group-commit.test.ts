/**
 * Group commit on PostgreSQL (src/store/pg/write-group.ts): the writes one process makes
 * at once share transactions — numbers stay contiguous, a failing write is
 * undone alone (a thrown error or a failed statement), and nothing of the others is lost.
 */
import { describe, expect, it } from 'vitest';
import { initOrganisation } from '../../src/desk/init.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import type { PgConn } from '../../src/store/pg/conn.js';
import type { Tx } from '../../src/store/types.js';
import { openPgStore } from '../../src/store/pg/store.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';
import { pgHealth, pgWhole } from '../reliability/pg-health.js';

/** The write's own connection (the domain objects keep it as `c`), for SQL a Tx does not offer. */
const connOf = (tx: Tx) => (tx.settings as unknown as { c: PgConn }).c;
const txid = async (tx: Tx) => (await connOf(tx).one<{ id: string }>('SELECT txid_current()::text AS id'))!.id;

describe.skipIf(pgUnavailable() !== null)('PostgreSQL group commit', () => {
  it('writes made at once share transactions and still take contiguous numbers', async () => {
    const { store } = await freshPgStore();
    await store.write(async () => {}); // the schema, first
    const results = await Promise.all(Array.from({ length: 40 }, () => store.write(async (tx) => ({ number: await tx.tickets.takeTicketNumber(), tx: await txid(tx) }))));
    expect(results.map((r) => Number(r.number)).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => 100001 + i));
    // Each write in a transaction of its own would make 40; grouped, a few.
    expect(new Set(results.map((r) => r.tx)).size).toBeLessThan(10);
  });

  it('a write that throws is undone alone; the others of its group commit, with no gap in the numbers', async () => {
    const { store } = await freshPgStore();
    await store.write(async () => {});
    const writes = Array.from({ length: 10 }, (_, i) => store.write(async (tx) => {
      await tx.settings.setSetting(`w${i}`, 'done');
      const number = await tx.tickets.takeTicketNumber();
      if (i === 4) throw new Error('write 4 fails');
      return { number, tx: await txid(tx) };
    }));
    const settled = await Promise.allSettled(writes);
    expect(settled.map((s) => s.status)).toEqual(Array.from({ length: 10 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled')));
    expect(String((settled[4] as PromiseRejectedResult).reason)).toContain('write 4 fails');
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(ok.map((v) => Number(v.number)).sort((a, b) => a - b)).toEqual(Array.from({ length: 9 }, (_, i) => 100001 + i));
    // They did share a transaction with the failed one's neighbours.
    expect(new Set(ok.map((v) => v.tx)).size).toBeLessThan(9);
    const values = await store.read(async (tx) => {
      const out: Array<string | null> = [];
      for (let i = 0; i < 10; i++) out.push(await tx.settings.getSetting(`w${i}`));
      return out;
    });
    expect(values).toEqual(Array.from({ length: 10 }, (_, i) => (i === 4 ? null : 'done')));
  });

  it('a failed statement in one write (which aborts a PostgreSQL transaction) does not sink the others', async () => {
    const { store } = await freshPgStore();
    await store.write(async () => {});
    const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => store.write(async (tx) => {
      await tx.settings.setSetting(`s${i}`, 'x');
      if (i === 2) await connOf(tx).run('SELECT 1 / 0');
      return tx.tickets.takeTicketNumber();
    })));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const numbers = settled.flatMap((s) => (s.status === 'fulfilled' ? [Number(s.value)] : [])).sort((a, b) => a - b);
    expect(numbers).toEqual([100001, 100002, 100003, 100004, 100005]);
    expect(await store.read((tx) => tx.settings.getSetting('s2'))).toBeNull();
    expect(await store.read((tx) => tx.settings.getSetting('s5'))).toBe('x');
  });

  it('8 concurrent writers × 25 creates through one store: every ticket whole, numbers contiguous, no error', async () => {
    const { store, url } = await freshPgStore();
    const now = new Date('2026-03-02T09:00:00Z');
    await initOrganisation({ store, now }, { admin: 'admin', adminName: 'Admin' });
    const numbers: number[] = [];
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 25; i++) {
        const t = await createTicket({ store, now }, { actor: 'admin', user: `w${w}@example.com`, subject: `Writer ${w} #${i}`, body: `Body ${w}-${i}` });
        numbers.push(Number(t.number));
      }
    }));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => 100001 + i));
    expect(await pgHealth(url)).toMatchObject({ ...pgWhole(200), maxNumber: 100200, counter: 100200 });
  });

  it('a write in a group is seen by the later writes of the group, whose reference reads are kept', async () => {
    const { store } = await freshPgStore();
    const now = new Date('2026-03-02T09:00:00Z');
    await initOrganisation({ store, now }, { admin: 'admin', adminName: 'Admin' });
    const billing = await store.write((tx) => tx.org.insertDept('Billing', null));
    const writes = Array.from({ length: 10 }, (_, i) => store.write(async (tx) => {
      const before = await tx.settings.getSetting('default.department');
      if (i === 4) await tx.settings.setSetting('default.department', 'Billing');
      if (i === 6) await tx.org.updateDept(billing, { name: 'Accounts' });
      return { before, after: await tx.settings.getSetting('default.department'), dept: (await tx.org.deptById(billing))!.name, tx: await txid(tx) };
    }));
    const got = await Promise.all(writes);
    expect(new Set(got.map((g) => g.tx)).size).toBeLessThan(10);
    const initial = got[0]!.before;
    expect(initial).not.toBe('Billing');
    expect(got.map((g) => g.before)).toEqual(got.map((_, i) => (i <= 4 ? initial : 'Billing')));
    expect(got.map((g) => g.after)).toEqual(got.map((_, i) => (i < 4 ? initial : 'Billing')));
    expect(got.map((g) => g.dept)).toEqual(got.map((_, i) => (i < 6 ? 'Billing' : 'Accounts')));
    // A use case in the same group: tickets created after the change go to the new default department.
    await store.write((tx) => tx.settings.setSetting('default.department', 'Support'));
    const creates = Array.from({ length: 9 }, (_, i) => (i === 4
      ? store.write((tx) => tx.settings.setSetting('default.department', 'Accounts')).then(() => null)
      : createTicket({ store, now }, { actor: 'admin', user: `c${i}@example.com`, subject: `Ticket ${i}`, body: 'Body' })));
    const tickets = await Promise.all(creates);
    expect(tickets.map((t) => t?.department ?? null)).toEqual(tickets.map((_, i) => (i === 4 ? null : i < 4 ? 'Support' : 'Accounts')));
    expect(tickets.flatMap((t) => (t ? [Number(t.number)] : []))).toEqual(Array.from({ length: 8 }, (_, i) => 100001 + i));
  });

  it('each group reads the settings afresh: a change another process committed is seen by the next group', async () => {
    const { store, url } = await freshPgStore();
    const now = new Date('2026-03-02T09:00:00Z');
    await initOrganisation({ store, now }, { admin: 'admin', adminName: 'Admin' });
    await store.write((tx) => tx.org.insertDept('Billing', null));
    const other = openPgStore(url);
    try {
      const first = await createTicket({ store, now }, { actor: 'admin', user: 'a@example.com', subject: 'First', body: 'Body' });
      await other.write((tx) => tx.settings.setSetting('default.department', 'Billing'));
      const second = await createTicket({ store, now }, { actor: 'admin', user: 'b@example.com', subject: 'Second', body: 'Body' });
      await other.write((tx) => tx.settings.setSetting('ticket.max_body', '10'));
      const refused = createTicket({ store, now }, { actor: 'admin', user: 'c@example.com', subject: 'Third', body: 'A body longer than ten bytes' });
      expect([first.department, second.department]).toEqual(['Support', 'Billing']);
      await expect(refused).rejects.toThrow(/larger than ticket.max_body/);
    } finally {
      await other.end();
    }
  });

  it('a rolled-back write leaves no trace in what the rest of its group reads, nor in the database, nor a gap', async () => {
    const { store, url } = await freshPgStore();
    const now = new Date('2026-03-02T09:00:00Z');
    await initOrganisation({ store, now }, { admin: 'admin', adminName: 'Admin' });
    const billing = await store.write((tx) => tx.org.insertDept('Billing', null));
    const initial = await store.read((tx) => tx.settings.getSetting('default.department'));
    const writes = Array.from({ length: 8 }, (_, i) => (i === 3
      ? store.write(async (tx) => {
        await tx.settings.getSetting('default.department');
        await tx.settings.setSetting('default.department', 'Billing');
        await tx.org.updateDept(billing, { name: 'Gone' });
        // Read back (and so kept, were it kept) before the write fails.
        expect(await tx.settings.getSetting('default.department')).toBe('Billing');
        expect((await tx.org.deptById(billing))!.name).toBe('Gone');
        await tx.tickets.takeTicketNumber();
        throw new Error('write 3 fails');
      })
      : createTicket({ store, now }, { actor: 'admin', user: `r${i}@example.com`, subject: `Ticket ${i}`, body: 'Body' })));
    const settled = await Promise.allSettled(writes);
    expect(settled.map((s) => s.status)).toEqual(settled.map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')));
    const made = settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
    expect(made.map((t) => t.department)).toEqual(made.map(() => 'Support'));
    expect(made.map((t) => Number(t.number))).toEqual(Array.from({ length: 7 }, (_, i) => 100001 + i));
    expect(await store.read((tx) => tx.settings.getSetting('default.department'))).toBe(initial);
    expect(await store.read(async (tx) => (await tx.org.deptById(billing))!.name)).toBe('Billing');
    expect(await pgHealth(url)).toMatchObject({ ...pgWhole(7), maxNumber: 100007, counter: 100007 });
  });

  it('a write that fails having changed nothing is answered alone; one that fails after a write has the group\'s writes since run again', async () => {
    const { store } = await freshPgStore();
    await store.write(async () => {});
    const runs = Array.from({ length: 8 }, () => 0);
    const settled = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.write(async (tx) => {
      runs[i]!++;
      const seen = await tx.settings.getSetting('marker');
      if (i === 2) throw new Error('write 2 fails after reading only');
      await tx.settings.setSetting(`k${i}`, String(runs[i]));
      if (i === 5) throw new Error('write 5 fails after writing');
      if (i === 6) await tx.settings.setSetting('marker', 'six');
      return { number: Number(await tx.tickets.takeTicketNumber()), seen, tx: await txid(tx) };
    })));
    expect(settled.map((s) => s.status)).toEqual(settled.map((_, i) => (i === 2 || i === 5 ? 'rejected' : 'fulfilled')));
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(ok.map((v) => v.number).sort((a, b) => a - b)).toEqual([100001, 100002, 100003, 100004, 100005, 100006]);
    expect(new Set(ok.map((v) => v.tx)).size).toBe(1);
    expect(ok.map((v) => v.seen)).toEqual([null, null, null, null, null, 'six']);
    // The failed ones ran once; those before the failed write ran again, those after once.
    expect(runs).toEqual([2, 2, 1, 2, 2, 1, 1, 1]);
    const values = await store.read(async (tx) => {
      const out: Array<string | null> = [];
      for (let i = 0; i < 8; i++) out.push(await tx.settings.getSetting(`k${i}`));
      return out;
    });
    expect(values).toEqual(['2', '2', null, '2', '2', null, '1', '1']);
  });

  it('numbers counted in a group: a read of the counter sees them, a raise moves them on, an undone write gives them back', async () => {
    const { store } = await freshPgStore();
    await store.write(async () => {});
    const take = (tx: Tx) => tx.tickets.takeTicketNumber();
    const units: Array<(tx: Tx) => Promise<unknown>> = [
      async (tx) => [await take(tx)],
      async (tx) => [await take(tx), await take(tx), await tx.settings.getSetting('ticket.last_number'),
        (await tx.settings.settingsAll()).find((r) => r.key === 'ticket.last_number')?.value],
      async (tx) => {
        await connOf(tx).guarded(async () => {
          await take(tx);
          throw new Error('undone');
        }).catch(() => {});
        return [await take(tx)];
      },
      async (tx) => {
        await tx.tickets.raiseTicketCounter('100050');
        return [await take(tx)];
      },
      async (tx) => {
        await take(tx);
        throw new Error('write 4 fails');
      },
      async (tx) => [await take(tx)],
      async (tx) => {
        await take(tx);
        throw new Error('write 6 fails');
      },
      async (tx) => [await take(tx)],
    ];
    const settled = await Promise.allSettled(units.map((fn) => store.write(async (tx) => [...(await fn(tx) as unknown[]), await txid(tx)])));
    expect(settled.map((s) => s.status)).toEqual(units.map((_, i) => (i === 4 || i === 6 ? 'rejected' : 'fulfilled')));
    const values = settled.map((s) => (s.status === 'fulfilled' ? (s.value as unknown[]).slice(0, -1) : null));
    expect(values).toEqual([
      ['100001'], ['100002', '100003', '100003', '100003'], ['100004'], ['100051'], null, ['100052'], null, ['100053'],
    ]);
    const txs = settled.flatMap((s) => (s.status === 'fulfilled' ? [(s.value as unknown[]).at(-1)] : []));
    expect(new Set(txs).size).toBe(1);
    expect(await store.read((tx) => tx.settings.getSetting('ticket.last_number'))).toBe('100053');
    // And the next group goes on from there.
    expect(await store.write((tx) => take(tx))).toBe('100054');
  });
});
