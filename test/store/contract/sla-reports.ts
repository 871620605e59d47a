/** Contract: schedules and plans, the urgency queue, breaches, warnings, pending alerts, and the report stream. */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors.js';
import type { ReportFilter, ReportTimeRow, SlaBreachRow } from '../../../src/store/types.js';
import { T0, at, createTicket, freshStore, type MakeStore } from './fixture.js';

const SYSTEM = { agentId: null, userId: null };
const brief = (rows: SlaBreachRow[]) => rows.map((b) => [b.ticket.id, b.clock, b.due_at]);

export function slaReportsContract(make: MakeStore): void {
  describe('sla', () => {
    const s = freshStore(make);

    it('schedules: by id or name, edited, holidays replaced, deleted', async () => {
      const { store } = s();
      const id = await store.write((tx) => tx.sla.insertSchedule({ name: 'Office', timezone: 'Europe/Berlin', ranges: 'mon-fri 09:00-17:00', holidays: '' }));
      expect(await store.read((tx) => tx.sla.scheduleByName('OFFICE'))).toEqual({ id, name: 'Office', timezone: 'Europe/Berlin', ranges: 'mon-fri 09:00-17:00', holidays: '' });
      await expect(store.write((tx) => tx.sla.insertSchedule({ name: 'office', timezone: 'UTC', ranges: '', holidays: '' }))).rejects.toBeInstanceOf(ConflictError);
      await store.write(async (tx) => {
        await tx.sla.updateSchedule(id, { timezone: 'UTC' });
        await tx.sla.updateScheduleHolidays(id, '2026-12-25');
      });
      expect(await store.read((tx) => tx.sla.scheduleById(id))).toMatchObject({ timezone: 'UTC', ranges: 'mon-fri 09:00-17:00', holidays: '2026-12-25' });
      await store.write((tx) => tx.sla.updateSchedule(id, { ranges: 'mon-sat 08:00-18:00' }));
      expect((await store.read((tx) => tx.sla.schedules())).map((x) => [x.name, x.timezone, x.ranges])).toEqual([['Office', 'UTC', 'mon-sat 08:00-18:00']]);
      await store.write((tx) => tx.sla.deleteSchedule(id));
      expect(await store.read((tx) => tx.sla.scheduleById(id))).toBeNull();
    });

    it('plans: shortest first, with their schedule name, edited field by field', async () => {
      const { store, org } = s();
      const sched = await store.write((tx) => tx.sla.insertSchedule({ name: 'Office', timezone: 'UTC', ranges: 'mon-fri 09:00-17:00', holidays: '' }));
      const fast = await store.write((tx) => tx.sla.insertSla({ name: 'Fast', minutes: 60, firstResponseMinutes: null, pauseAwaiting: false, scheduleId: sched }));
      expect((await store.read((tx) => tx.sla.slaPlans())).map((p) => p.name)).toEqual(['Fast', 'Standard']);
      expect(await store.read((tx) => tx.sla.slaByName('fast'))).toMatchObject({ id: fast, minutes: 60, first_response_minutes: null, pause_awaiting: 0, schedule_id: sched, schedule: 'Office' });
      await store.write((tx) => tx.sla.updateSla(fast, { minutes: 90, pauseAwaiting: true }));
      expect(await store.read((tx) => tx.sla.slaById(fast))).toMatchObject({ minutes: 90, pause_awaiting: 1, schedule_id: sched, first_response_minutes: null });
      await store.write((tx) => tx.sla.updateSla(fast, { firstResponseMinutes: 15, scheduleId: null }));
      expect(await store.read((tx) => tx.sla.slaById(fast))).toMatchObject({ minutes: 90, first_response_minutes: 15, schedule_id: null, schedule: null });
      await expect(store.write((tx) => tx.sla.insertSla({ name: 'STANDARD', minutes: 1, firstResponseMinutes: null, pauseAwaiting: false, scheduleId: null })))
        .rejects.toBeInstanceOf(ConflictError);
      expect((await store.read((tx) => tx.sla.slaById(org.slaId)))?.name).toBe('Standard');
    });

    it('open tickets on a plan or on a schedule (through its plan)', async () => {
      const { store, org } = s();
      const sched = await store.write((tx) => tx.sla.insertSchedule({ name: 'Office', timezone: 'UTC', ranges: 'mon-fri 09:00-17:00', holidays: '' }));
      await store.write((tx) => tx.sla.updateSla(org.slaId, { scheduleId: sched }));
      const [a, , c] = await store.write(async (tx) => [
        await createTicket(tx, org), await createTicket(tx, org, { status: 'resolved', resolved_at: at(5) }), await createTicket(tx, org, { sla_id: null }),
      ]);
      expect((await store.read((tx) => tx.sla.openTicketsOnPlan(org.slaId))).map((t) => t.id)).toEqual([a!.id]);
      expect((await store.read((tx) => tx.sla.openTicketsOnSchedule(sched))).map((t) => t.id)).toEqual([a!.id]);
      expect(c).toBeDefined();
    });

    it('the urgency queue: open tickets with a clock, the clock that runs out first leading, paused last', async () => {
      const { store, org } = s();
      const [late, soon, answered, paused] = await store.write(async (tx) => [
        await createTicket(tx, org, { due_at: at(500), first_response_due_at: null }),
        await createTicket(tx, org, { due_at: at(400), first_response_due_at: at(30) }),
        await createTicket(tx, org, { due_at: at(450), first_response_due_at: at(10), first_response_at: at(5) }),
        await createTicket(tx, org, { due_at: at(20), first_response_due_at: null, status: 'awaiting-response', paused_at: at(3) }),
        await createTicket(tx, org, { due_at: null, first_response_due_at: null }),
        await createTicket(tx, org, { status: 'closed', closed_at: at(1), due_at: at(1) }),
      ]);
      const queue = await store.read((tx) => tx.sla.slaQueue({ scope: { kind: 'all' }, now: at(0), limit: null }));
      expect(queue.map((t) => t.id)).toEqual([soon!.id, answered!.id, late!.id, paused!.id]);
      expect((await store.read((tx) => tx.sla.slaQueue({ scope: { kind: 'all' }, now: at(0), limit: 2 }))).map((t) => t.id)).toEqual([soon!.id, answered!.id]);
      expect(await store.read((tx) => tx.sla.slaQueue({ scope: { kind: 'all' }, now: at(0), limit: null, deptId: org.dept2Id }))).toEqual([]);
    });

    it('breaches are listed until an overdue event records them, per clock run; batches continue after a cursor', async () => {
      const { store, org } = s();
      const [a, b] = await store.write(async (tx) => [
        await createTicket(tx, org, { due_at: at(100), first_response_due_at: at(50) }),
        await createTicket(tx, org, { due_at: at(200), first_response_due_at: null }),
        await createTicket(tx, org, { due_at: at(900), first_response_due_at: at(800) }),
      ]);
      const now = at(300);
      expect(brief(await store.read((tx) => tx.sla.slaBreaches(now)))).toEqual([
        [a!.id, 'first_response', at(50)], [a!.id, 'resolution', at(100)], [b!.id, 'resolution', at(200)]]);
      const first = await store.read((tx) => tx.sla.slaBreachBatch(now, 'resolution', null, 1));
      expect(brief(first)).toEqual([[a!.id, 'resolution', at(100)]]);
      const next = await store.read((tx) => tx.sla.slaBreachBatch(now, 'resolution', { due: first[0]!.due_at, id: a!.id }, 10));
      expect(brief(next)).toEqual([[b!.id, 'resolution', at(200)]]);
      expect(brief(await store.read((tx) => tx.sla.slaBreachBatch(now, 'first_response', null, 10)))).toEqual([[a!.id, 'first_response', at(50)]]);

      await store.write(async (tx) => {
        await tx.thread.insertEvent({ ticketId: a!.id, type: 'overdue', actor: SYSTEM, at: now, data: { clock: 'first_response', due_at: at(50) } });
        await tx.thread.insertEvent({ ticketId: a!.id, type: 'overdue', actor: SYSTEM, at: now, data: { clock: 'resolution', clock_start_at: T0, due_at: at(100) } });
      });
      expect(brief(await store.read((tx) => tx.sla.slaBreaches(now)))).toEqual([[b!.id, 'resolution', at(200)]]);
      // A reopen starts a new clock run: its breach is a new one.
      await store.write((tx) => tx.tickets.updateTicket(a!.id, { clock_start_at: at(250), due_at: at(260), reopened_count: 1 }));
      expect(brief(await store.read((tx) => tx.sla.slaBreaches(now)))).toEqual([[b!.id, 'resolution', at(200)], [a!.id, 'resolution', at(260)]]);
    });

    it('warnings: clocks not yet due and not yet warned, and the warnings recorded', async () => {
      const { store, org } = s();
      const t = await store.write((tx) => createTicket(tx, org, { due_at: at(480), first_response_due_at: at(60) }));
      expect(brief(await store.read((tx) => tx.sla.warnCandidates(at(10))))).toEqual([[t.id, 'first_response', at(60)], [t.id, 'resolution', at(480)]]);
      await store.write((tx) => tx.thread.insertEvent({ ticketId: t.id, type: 'warning', actor: SYSTEM, at: at(40),
        data: { clock: 'first_response', due_at: at(60) } }));
      expect(brief(await store.read((tx) => tx.sla.warnCandidates(at(41))))).toEqual([[t.id, 'resolution', at(480)]]);
      expect(await store.read((tx) => tx.sla.warningsOf([t.id]))).toEqual([
        { ticket_id: t.id, at: at(40), clock: 'first_response', clock_start_at: null, due_at: at(60) }]);
      expect(await store.read((tx) => tx.sla.warningsOf([]))).toEqual([]);
    });

    it('pending alerts: recorded once per recipient and event, read a page at a time, deleted', async () => {
      const { store, org } = s();
      const [e1, e2] = await store.write(async (tx) => {
        const t = await createTicket(tx, org);
        const ids = [
          await tx.thread.insertEvent({ ticketId: t.id, type: 'overdue', actor: SYSTEM, at: at(500), data: { clock: 'resolution' } }),
          await tx.thread.insertEvent({ ticketId: t.id, type: 'overdue', actor: SYSTEM, at: at(501), data: { clock: 'first_response' } }),
        ];
        for (const id of ids) await tx.sla.insertPendingAlert('alice@desk.example', id);
        await tx.sla.insertPendingAlert('alice@desk.example', ids[0]!);
        await tx.sla.insertPendingAlert('admin@desk.example', ids[1]!);
        return ids;
      });
      expect(await store.read((tx) => tx.sla.pendingAlertRecipients())).toEqual(['admin@desk.example', 'alice@desk.example']);
      const page = await store.read((tx) => tx.sla.pendingAlertsOf('alice@desk.example', 1));
      expect(page.total).toBe(2);
      expect(page.rows.map((r) => [r.event_id, JSON.parse(r.event_data), r.subject])).toEqual([[e1, { clock: 'resolution' }, 'Printer on fire']]);
      await store.write((tx) => tx.sla.deletePendingAlerts('alice@desk.example'));
      expect(await store.read((tx) => tx.sla.pendingAlertRecipients())).toEqual(['admin@desk.example']);
      expect((await store.read((tx) => tx.sla.pendingAlertsOf('admin@desk.example', 10))).rows.map((r) => r.event_id)).toEqual([e2]);
    });
  });

  describe('reports', () => {
    const s = freshStore(make);

    it('streams the window’s visible tickets with their group key, in any order', async () => {
      const { store, org } = s();
      await store.write(async (tx) => {
        await createTicket(tx, org, { created_at: at(-60) });
        await createTicket(tx, org, { created_at: at(10), assignee_id: org.agentId, first_response_at: at(20) });
        await createTicket(tx, org, { created_at: at(20), dept_id: org.dept2Id, status: 'resolved', resolved_at: at(90) });
        await createTicket(tx, org, { created_at: at(200) });
      });
      const rows = async (f: Partial<ReportFilter>) => {
        const out: ReportTimeRow[] = [];
        await store.read((tx) => tx.reports.reportTimes({ scope: { kind: 'all' }, since: at(0), until: at(100), by: null, now: at(300), ...f },
          (r) => { out.push({ ...r }); }));
        return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
      };
      const window = await rows({});
      expect(window.map((r) => [r.key, r.created_at, r.status, r.first_response_at, r.resolved_at, r.sla_id])).toEqual([
        [null, at(10), 'open', at(20), null, org.slaId], [null, at(20), 'resolved', null, at(90), org.slaId]]);
      expect((await rows({ by: 'dept' })).map((r) => r.key)).toEqual(['Support', 'Billing']);
      expect((await rows({ by: 'agent' })).map((r) => r.key)).toEqual(['alice', null]);
      expect(await rows({ since: null, until: null })).toHaveLength(4);
      expect((await rows({ scope: { kind: 'agent', agentId: org.agent2Id, teamIds: [], deptIds: [org.dept2Id] } })).map((r) => r.created_at)).toEqual([at(20)]);
    });
  });
}
