/**
 * The SLA, report, mail, working-together and authentication domains on both stores:
 * the same desk built on SQLite and on PostgreSQL through the use cases, then every query of these
 * domains asked of both — each answer checked on its own and compared between the stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/desk/report.js';
import { slaCheck } from '../../src/desk/sla/check.js';
import { slaStatus } from '../../src/desk/sla/status.js';
import { automateRun } from '../../src/desk/automate.js';
import { linkTickets } from '../../src/desk/tickets/link.js';
import { mergeTickets } from '../../src/desk/tickets/merge.js';
import { noteTicket } from '../../src/desk/tickets/note.js';
import { replyTicket } from '../../src/desk/tickets/reply.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { addStatus } from '../../src/desk/statuses.js';
import type { Tx } from '../../src/store/types.js';
import { labDeskOn, STORE_KINDS, type BothDesk, type StoreKind } from '../helpers/both-stores.js';

const T0 = '2026-03-02T09:00:00Z';
const LATER = '2026-03-05T12:00:00Z';
const admin = { kind: 'all' } as const;

async function build(d: BothDesk): Promise<void> {
  const at = (iso: string) => d.at(iso);
  const open = (subject: string, user: string, iso: string, extra: object = {}) =>
    createTicket(at(iso), { actor: 'john', subject, body: `${subject}: help`, user, ...extra }).then((t) => t.number);
  await open('VPN drops', 'ken@example.com', T0, { priority: 'high' });
  await open('Printer jam', 'mary@example.com', '2026-03-02T09:10:00Z');
  await open('Monitor', 'ken@example.com', '2026-03-02T09:20:00Z', { cc: ['alex@example.com'] });
  await open('Laptop', 'karen@example.com', '2026-03-02T09:30:00Z');
  await replyTicket(at('2026-03-02T10:00:00Z'), { actor: 'john', number: '100002', body: 'On it', time: 25 });
  await noteTicket(at('2026-03-02T10:05:00Z'), 'john', '100002', 'Toner', undefined);
  await setStatus(at('2026-03-02T10:10:00Z'), 'john', '100003', 'awaiting-response');
  await setStatus(at('2026-03-02T10:15:00Z'), 'john', '100004', 'resolved');
  // A custom status (schema 14): #100002 is on hold, its resolution clock paused.
  await addStatus(at('2026-03-02T10:16:00Z'), { who: 'admin', name: 'On Hold', state: 'open', pause: true });
  await setStatus(at('2026-03-02T10:17:00Z'), 'john', '100002', 'on-hold');
  await linkTickets(at('2026-03-02T10:20:00Z'), 'john', '100001', '100002', 'blocks');
  await mergeTickets(at('2026-03-02T10:30:00Z'), 'admin', '100001', ['100003']);
  await slaCheck(at(LATER));
  await automateRun(at('2026-03-09T12:00:00Z'), { dryRun: true });
}

const desks = new Map<StoreKind, BothDesk>();
beforeAll(async () => {
  for (const kind of STORE_KINDS) {
    const d = await labDeskOn(kind, '2026-03-01T08:00:00Z');
    await build(d);
    desks.set(kind, d);
  }
}, 120_000);
afterAll(() => {
  for (const d of desks.values()) d.close();
});

/** Everything these domains answer about the desk, ids and all. */
async function answers(d: BothDesk): Promise<Record<string, unknown>> {
  const tx = async <T>(fn: (tx: Tx) => Promise<T>) => d.store.write(fn);
  const out: Record<string, unknown> = {};
  const ids = (await d.store.read((t) => t.tickets.listTickets({ scope: admin, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: LATER })))
    .map((t) => t.id).sort((a, b) => a - b);
  out.ids = ids;
  out.slaQueue = (await d.store.read((t) => t.sla.slaQueue({ scope: admin, now: LATER, limit: null }))).map((t) => t.number);
  out.slaBreaches = (await d.store.read((t) => t.sla.slaBreaches('2026-03-20T00:00:00Z'))).map((b) => [b.ticket.number, b.clock, b.due_at]);
  out.breachBatch = (await tx((t) => t.sla.slaBreachBatch('2026-03-20T00:00:00Z', 'resolution', null, 1))).map((b) => b.ticket.number);
  const warn: unknown[] = [];
  for (const clock of ['first_response', 'resolution'] as const) {
    // Batches of one, so the keyset cursor is walked, within a horizon that leaves some clocks out.
    let after: { due: string; id: number } | null = null;
    for (;;) {
      const [w] = await d.store.read((t) => t.sla.warnBatch({ now: T0, horizon: '2026-03-02T17:20:00Z', clock, after, limit: 1 }));
      if (!w) break;
      warn.push([w.ticket.number, w.clock, w.due_at]);
      after = { due: w.due_at, id: w.ticket.id };
    }
  }
  out.warn = warn;
  out.statuses = await d.store.read((t) => t.statuses.list());
  out.onHold = await d.store.read((t) => t.statuses.ticketsWith('on-hold'));
  out.held = (await d.store.read((t) => t.tickets.listTickets({
    scope: admin, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: LATER, customStatuses: ['on-hold'],
  }))).map((t) => [t.number, t.status, t.custom_status, t.custom_status_name]);
  out.inProgress = (await d.store.read((t) => t.tickets.listTickets({
    scope: admin, queue: 'all', meAgentId: null, sort: 'created', limit: null, now: LATER, statuses: ['in-progress'],
  }))).map((t) => t.number);
  out.warnings = await d.store.read((t) => t.sla.warningsOf(ids));
  out.recipients = await tx((t) => t.sla.pendingAlertRecipients());
  out.slaStatus = await slaStatus(d.at(LATER), { actor: 'admin', limit: null });
  for (const by of [undefined, 'dept', 'agent', 'sla', 'topic', 'team', 'status'] as const) {
    out[`report ${by}`] = await buildReport(d.at(LATER), { actor: 'admin', since: '2026-03-01', by });
  }
  const rows: unknown[] = [];
  await d.store.read((t) => t.reports.reportTimes({ scope: admin, since: null, until: null, by: 'dept', now: LATER }, (r) => rows.push({ ...r })));
  out.reportTimes = rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  out.links = await d.store.read((t) => t.together.linksOf(ids[0]!));
  out.time = await d.store.read((t) => t.together.reportTime({ scope: admin, since: null, until: null, by: 'agent', now: LATER }));
  out.timeByStatus = await d.store.read((t) => t.together.reportTime({ scope: admin, since: null, until: null, by: 'status', now: LATER }));
  out.extras = await d.store.read((t) => t.together.exportExtras(ids));
  out.collaborators = await d.store.read((t) => t.together.collaborators(ids[0]!));
  out.candidates = await d.store.read((t) => t.together.assignCandidates(1, null));
  out.outbox = (await d.store.read((t) => t.mail.outboxList({}))).map((o) => [o.id, o.ticket, o.kind, o.to_addr, o.status, o.message_id.length > 0]);
  out.due = (await tx((t) => t.mail.dueOutbox(LATER, null, 100))).map((o) => o.id);
  out.threadIds = (await d.store.read((t) => t.mail.threadMessageIds(ids[0]!))).map((m) => m.at);
  return out;
}

describe.each(STORE_KINDS)('the domains on %s', (kind) => {
  it('answer what the desk did', async () => {
    const a = await answers(desks.get(kind)!);
    expect(a.ids).toHaveLength(4);
    // #100001 (with #100003 merged in) still blocks #100002; the time logged with the reply is John's.
    expect(a.links).toEqual([{ number: '100002', type: 'blocks', outgoing: true }]);
    expect(a.time).toEqual([{ key: 'john', minutes: 25 }]);
    expect(a.timeByStatus).toEqual([{ key: 'on-hold', minutes: 25 }]);
    // The custom status: listed, counted, filtered by its key and named with the row; the built-in filter leaves it out.
    expect(a.statuses).toEqual([{ key: 'on-hold', name: 'On Hold', state: 'open', pause: 1, created_at: '2026-03-02T10:16:00.000Z' }]);
    expect(a.onHold).toBe(1);
    expect(a.held).toEqual([['100002', 'in-progress', 'on-hold', 'On Hold']]);
    expect(a.inProgress).not.toContain('100002');
    expect((a.collaborators as Array<{ email: string }>).map((c) => c.email)).toContain('alex@example.com');
    // sla check recorded every breach there was; the queue still holds the open tickets.
    expect(a.slaBreaches).toEqual([]);
    expect((a.slaQueue as unknown[]).length).toBeGreaterThan(0);
    expect((a.breachBatch as unknown[]).length).toBeLessThanOrEqual(1);
    expect((a.outbox as unknown[]).length).toBeGreaterThan(0);
  });

  it('keeps canned responses, templates, tokens, API keys and failed logins', async () => {
    const d = desks.get(kind)!;
    const got = await d.store.write(async (tx) => {
      const canned = await tx.mail.insertCanned({ title: 'Ärger', body: 'Sorry', at: T0 });
      await tx.mail.insertCanned({ title: 'Sorry', body: 'Sorry', at: T0 });
      // A duplicate (ASCII case folded) is refused without spoiling the transaction.
      await expect(tx.mail.insertCanned({ title: 'SORRY', body: 'again', at: T0 })).rejects.toThrow(/already exists/);
      await tx.mail.setTemplate('reply', 'Hi', T0);
      await tx.mail.setTemplate('reply', 'Hello', LATER);
      const agent = (await tx.org.agentByUsername('john'))!;
      const token = await tx.auth.insertToken({ agentId: agent.id, name: 'laptop', hash: 'h1', createdAt: T0, expiresAt: null });
      await tx.auth.revokeToken(token, LATER);
      const key = await tx.auth.insertApiKey({ name: 'site', hash: 'k1', ipCidr: '10.0.0.0/8', createdAt: T0 });
      await tx.auth.setPasswordHash(agent.id, 'scrypt$1', T0);
      await tx.auth.setPasswordHash(agent.id, 'scrypt$2', LATER);
      for (const when of [T0, '2026-03-03T00:00:00Z', LATER]) await tx.auth.recordLoginFailure('10.1.1.1', when);
      await tx.auth.pruneLoginFailures('2026-03-02T12:00:00Z');
      return {
        canned: await tx.mail.cannedByTitle('ÄRGER'), cannedId: canned, list: (await tx.mail.cannedList()).map((c) => c.title),
        template: await tx.mail.templateOverride('reply'), token: await tx.auth.tokenByHash('h1'), tokens: await tx.auth.tokens(agent.id),
        key: await tx.auth.apiKeyById(key), keys: await tx.auth.apiKeys(), password: await tx.auth.passwordHash(agent.id),
        failures: await tx.auth.loginFailuresSince('10.1.1.1', T0),
      };
    });
    expect(got.canned).toMatchObject({ id: got.cannedId, title: 'Ärger' }); // NOCASE folds the ASCII letters, as on SQLite
    expect(got.list).toContain('Ärger');
    expect(got.template).toEqual({ name: 'reply', body: 'Hello', updated_at: LATER });
    expect(got.token).toMatchObject({ agent: 'john', name: 'laptop', revoked_at: LATER });
    expect(got.key).toMatchObject({ name: 'site', ip_cidr: '10.0.0.0/8', revoked_at: null });
    expect(got.password).toBe('scrypt$2');
    expect(got.failures).toBe(2);
  });
});

describe.skipIf(STORE_KINDS.length < 2)('the domains across the stores', () => {
  it('answer alike on SQLite and PostgreSQL', async () => {
    expect(await answers(desks.get('postgres')!)).toEqual(await answers(desks.get('sqlite')!));
  });
});
