/** Contract: ticket numbering (contiguous, never twice, across connections), rows, lists and counts. */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { nextTicketNumber } from '../../../src/core/lifecycle.js';
import type { TicketFilter, TicketSummaryRow } from '../../../src/store/types.js';
import { FIRST_NUMBER, T0, at, createTicket, freshStore, openAnother, ticketFields, type MakeStore, type StoreOpener } from './fixture.js';

const filter = (over: Partial<TicketFilter> = {}): TicketFilter => ({
  scope: { kind: 'all' }, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: at(10), ...over,
});

function runWriter(opener: StoreOpener, count: number, fields: object): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./writer-worker.mjs', import.meta.url), { workerData: { opener, count, fields } });
    worker.once('message', (m: { numbers: string[]; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.numbers)));
    worker.once('error', reject);
  });
}

export function ticketsContract(make: MakeStore): void {
  describe('tickets', () => {
    const s = freshStore(make);

    it('numbers start at the first number of core/lifecycle and follow on without gaps', async () => {
      const { store, org } = s();
      expect(FIRST_NUMBER).toBe('100001');
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await store.write((tx) => createTicket(tx, org)));
      expect(made.map((t) => t.number)).toEqual(['100001', '100002', '100003']);
    });

    it('a rolled-back create gives its number back: committed numbers stay contiguous', async () => {
      const { store, org } = s();
      await store.write((tx) => createTicket(tx, org));
      await expect(store.write(async (tx) => { await createTicket(tx, org); throw new Error('undone'); })).rejects.toThrow('undone');
      expect((await store.write((tx) => createTicket(tx, org))).number).toBe(nextTicketNumber(Number(FIRST_NUMBER)));
      expect(await store.read((tx) => tx.tickets.ticketIdByNumber(FIRST_NUMBER))).not.toBeNull();
    });

    it('the counter only moves up (import), and numbering continues after it', async () => {
      const { store, org } = s();
      await store.write((tx) => tx.tickets.raiseTicketCounter('200000'));
      await store.write((tx) => tx.tickets.raiseTicketCounter('150000'));
      expect((await store.write((tx) => createTicket(tx, org))).number).toBe('200001');
    });

    it('two connections writing in turn share one counter', async () => {
      const { store, org, opener } = s();
      const other = await openAnother(opener);
      try {
        const numbers = [];
        for (let i = 0; i < 4; i++) numbers.push((await (i % 2 ? other : store).write((tx) => createTicket(tx, org))).number);
        expect(numbers).toEqual(['100001', '100002', '100003', '100004']);
      } finally {
        await other.close();
      }
    });

    it('concurrent writers on their own connections never issue a number twice nor leave a gap', async () => {
      const { store, org, opener } = s();
      const perWriter = 25;
      const results = await Promise.all([1, 2, 3].map(() => runWriter(opener, perWriter, ticketFields(org, 'placeholder'))));
      const all = results.flat();
      expect(new Set(all).size).toBe(3 * perWriter);
      const sorted = all.map(Number).sort((a, b) => a - b);
      expect(sorted[0]).toBe(Number(FIRST_NUMBER));
      expect(sorted[sorted.length - 1]).toBe(Number(FIRST_NUMBER) + 3 * perWriter - 1);
      for (const numbers of results) expect(numbers.map(Number)).toEqual([...numbers.map(Number)].sort((a, b) => a - b));
      expect(await store.read((tx) => tx.tickets.countTickets(filter()))).toBe(3 * perWriter);
    }, 120_000);

    it('a ticket reads back with the names of what it points at, and takes a patch', async () => {
      const { store, org } = s();
      const t = await store.write((tx) => createTicket(tx, org, { assignee_id: org.agentId }));
      const row = await store.read((tx) => tx.tickets.ticketByNumber(t.number));
      expect(row).toMatchObject({ ...ticketFields(org, t.number, { assignee_id: org.agentId }), id: t.id,
        department: 'Support', sla: 'Standard', assignee: 'alice', topic: null, team: null,
        user_name: 'Carol User', user_email: 'carol@example.com' });
      await store.write((tx) => tx.tickets.updateTicket(t.id, { status: 'resolved', resolved_at: at(30), dept_id: org.dept2Id, assignee_id: null, answered: 1 }));
      expect(await store.read((tx) => tx.tickets.ticketByNumber(t.number))).toMatchObject({
        status: 'resolved', resolved_at: at(30), department: 'Billing', assignee: null, answered: 1, subject: 'Printer on fire' });
      await store.write((tx) => tx.tickets.updateTicket(t.id, {}));
      expect(await store.read((tx) => tx.tickets.ticketByNumber('999999'))).toBeNull();
      expect(await store.read((tx) => tx.tickets.ticketIdByNumber('999999'))).toBeNull();
      expect(await store.read((tx) => tx.tickets.maxTicketId())).toBe(t.id);
    });

    it('an empty store has no tickets: max id 0, empty lists, count 0', async () => {
      const { store } = s();
      expect(await store.read((tx) => tx.tickets.maxTicketId())).toBe(0);
      expect(await store.read((tx) => tx.tickets.listTickets(filter()))).toEqual([]);
      expect(await store.read((tx) => tx.tickets.countTickets(filter()))).toBe(0);
    });

    it('lists and counts follow queue, scope, filters, order and limit; eachTicket streams the same rows', async () => {
      const { store, org } = s();
      const [a, b, c, d] = await store.write(async (tx) => [
        await createTicket(tx, org, { created_at: at(1), due_at: at(300) }),
        await createTicket(tx, org, { created_at: at(2), due_at: at(100), assignee_id: org.agentId, priority: 'high' }),
        await createTicket(tx, org, { created_at: at(3), dept_id: org.dept2Id, user_id: org.user2Id, due_at: null }),
        await createTicket(tx, org, { created_at: at(4), status: 'closed', closed_at: at(5) }),
      ]);
      const numbers = async (f: TicketFilter) => (await store.read((tx) => tx.tickets.listTickets(f))).map((r) => r.number);
      expect(await numbers(filter())).toEqual([d!.number, c!.number, b!.number, a!.number]);
      expect(await numbers(filter({ queue: 'open', sort: 'due' }))).toEqual([b!.number, a!.number, c!.number]);
      expect(await numbers(filter({ queue: 'closed' }))).toEqual([d!.number]);
      expect(await numbers(filter({ queue: 'unassigned', sort: 'due' }))).toEqual([a!.number, c!.number]);
      expect(await numbers(filter({ queue: 'mine', meAgentId: org.agentId }))).toEqual([b!.number]);
      expect(await numbers(filter({ sort: 'priority', queue: 'open' }))).toEqual([b!.number, a!.number, c!.number]);
      expect(await numbers(filter({ scope: { kind: 'user', userId: org.user2Id } }))).toEqual([c!.number]);
      expect(await numbers(filter({ scope: { kind: 'agent', agentId: org.agent2Id, teamIds: [], deptIds: [org.dept2Id] } }))).toEqual([c!.number]);
      expect(await numbers(filter({ scope: { kind: 'none' } }))).toEqual([]);
      expect(await numbers(filter({ deptId: org.deptId, statuses: ['open'], limit: 2 }))).toEqual([b!.number, a!.number]);
      expect(await numbers(filter({ priority: 'high' }))).toEqual([b!.number]);
      expect(await store.read((tx) => tx.tickets.countTickets(filter({ queue: 'open' })))).toBe(3);
      expect(await store.read((tx) => tx.tickets.countTickets(filter({ queue: 'open', limit: 1 })))).toBe(3);
      const streamed: string[] = [];
      await store.read((tx) => tx.tickets.eachTicket(filter({ queue: 'open', sort: 'due' }), (r) => { streamed.push(r.number); }));
      expect(streamed).toEqual([b!.number, a!.number, c!.number]);
    });

    it('a listed row says what the ticket\'s own row says for every field a list shows', async () => {
      const { store, org } = s();
      await store.write(async (tx) => {
        await tx.statuses.insert({ key: 'on-hold', name: 'On Hold', state: 'open', pause: 1, created_at: T0 });
        await createTicket(tx, org, { created_at: at(1), due_at: at(300), assignee_id: org.agentId, priority: 'high', status: 'in-progress', custom_status: 'on-hold' });
        await createTicket(tx, org, { created_at: at(2), dept_id: org.dept2Id, user_id: org.user2Id, due_at: null });
        await createTicket(tx, org, { created_at: at(3), status: 'closed', closed_at: at(5), resolved_at: at(4), reopened_count: 2 });
      });
      const keys: Array<keyof TicketSummaryRow> = ['id', 'number', 'subject', 'status', 'priority', 'department', 'topic', 'sla', 'assignee', 'team',
        'user_name', 'user_email', 'source', 'created_at', 'updated_at', 'due_at', 'first_response_due_at', 'first_response_at',
        'resolved_at', 'closed_at', 'reopened_count', 'paused_at', 'custom_status', 'custom_status_name'];
      const listed = await store.read((tx) => tx.tickets.listTickets(filter()));
      expect(listed).toHaveLength(3);
      expect(listed.map((r) => r.custom_status_name ?? null)).toContain('On Hold');
      for (const row of listed) {
        const full = (await store.read((tx) => tx.tickets.ticketByNumber(row.number)))!;
        for (const key of keys) expect(row[key] ?? null, `${row.number} ${key}`).toEqual(full[key] ?? null);
      }
    });

    it('automations find resolved tickets past a cutoff and tickets awaiting a reply since one', async () => {
      const { store, org } = s();
      const [old, recent, waiting] = await store.write(async (tx) => [
        await createTicket(tx, org, { status: 'resolved', resolved_at: at(10) }),
        await createTicket(tx, org, { status: 'resolved', resolved_at: at(100) }),
        await createTicket(tx, org, { status: 'awaiting-response', created_at: T0 }),
      ]);
      expect((await store.read((tx) => tx.tickets.resolvedBefore(at(50)))).map((r) => r.id)).toEqual([old!.id]);
      expect((await store.read((tx) => tx.tickets.resolvedBefore(at(100)))).map((r) => r.id)).toEqual([old!.id, recent!.id]);
      await store.write((tx) => tx.thread.insertEvent({ ticketId: waiting!.id, type: 'status', actor: { agentId: org.agentId, userId: null }, at: at(20),
        data: { from: 'open', to: 'awaiting-response' } }));
      expect(await store.read((tx) => tx.tickets.awaitingSince(at(19)))).toEqual([]);
      const due = await store.read((tx) => tx.tickets.awaitingSince(at(20)));
      expect(due.map((w) => [w.ticket.id, w.waiting_since, w.reminded])).toEqual([[waiting!.id, at(20), false]]);
      await store.write((tx) => tx.thread.insertEvent({ ticketId: waiting!.id, type: 'reminded', actor: { agentId: null, userId: null }, at: at(30),
        data: { waiting_since: at(20) } }));
      expect((await store.read((tx) => tx.tickets.awaitingSince(at(40))))[0]!.reminded).toBe(true);
    });
  });
}
