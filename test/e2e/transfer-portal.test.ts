/**
 * Export and import of what the portal and webhooks add, through the built binary:
 * satisfaction ratings (per resolution, with comment, who and when), webhooks (URL, events, when —
 * never their secret) and the deliveries still pending. export → import into a fresh desk → export
 * is byte-identical, on SQLite and SQLite → PostgreSQL → SQLite; a hook imported without its secret
 * holds its deliveries until `webhook secret` sets one; a version 2 file (none of these) still imports.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateTicket } from '../../src/desk/portal.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';

let s: Sandbox;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const NOW = at('2026-03-10T12:00:00Z');
const SECRET = 'receiver-knows-this-7f3a';
const HOOK = 'http://127.0.0.1:1/desk-hook';

const ok = (args: string[], when: string) => {
  const r = s.hd(args, at(when));
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

async function rate(number: string, email: string, rating: number, when: string, comment?: string): Promise<void> {
  const store = openSqliteStore(s.db);
  try {
    await rateTicket({ store, now: new Date(when) }, { email, number, rating, comment });
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  s = sandbox();
  ok(['init', '--sample', 'lab'], '2026-03-01T08:00:00Z');
  ok(['--as', 'admin', 'webhook', 'add', HOOK, '--events', 'ticket.created,ticket.status', '--secret', SECRET], '2026-03-01T08:10:00Z');
  ok(['--as', 'admin', 'webhook', 'add', 'http://127.0.0.1:1/all'], '2026-03-01T08:11:00Z');
  ok(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'VPN down', '--body', 'No tunnel'], '2026-03-02T09:00:00Z');
  ok(['--as', 'john', 'ticket', 'create', '--user', 'mary@example.com', '--subject', 'Printer', '--body', 'Jammed'], '2026-03-02T09:05:00Z');
  ok(['--as', 'john', 'ticket', 'status', '100001', 'resolved'], '2026-03-02T10:00:00Z');
  await rate('100001', 'ken@example.com', 2, '2026-03-02T11:00:00Z', 'Took "ages" <b>&</b> came back');
  ok(['--as', 'john', 'ticket', 'status', '100001', 'open'], '2026-03-03T09:00:00Z');
  ok(['--as', 'john', 'ticket', 'status', '100001', 'resolved'], '2026-03-03T10:00:00Z');
  await rate('100001', 'ken@example.com', 5, '2026-03-03T11:00:00Z', 'Fixed for good');
  ok(['--as', 'john', 'ticket', 'status', '100002', 'closed'], '2026-03-03T12:00:00Z');
  await rate('100002', 'mary@example.com', 4, '2026-03-03T13:00:00Z');
  // One try of every delivery: the first hook's fail (nothing listens on port 1) and stay pending with an error.
  s.hd(['webhook', 'send'], at('2026-03-03T14:00:00Z'));
}, 120_000);
afterAll(() => s?.cleanup());

const exportTo = (db: string | null, file: string) => ok([...(db ? ['--db', db] : []), '--as', 'admin', 'export', '--out', file], NOW.env.HELPDESK_NOW);

describe('ratings and webhooks in export and import', () => {
  it('are exported: ratings per resolution in their ticket, hooks without their secret, pending deliveries after the mail', () => {
    const first = join(s.dir, 'contents.json');
    exportTo(null, first);
    const text = readFileSync(first, 'utf8');
    const doc = JSON.parse(text);
    expect(doc.version).toBe(3);
    expect(doc.tickets[0].ratings).toEqual([
      { resolution: 0, rating: 2, comment: 'Took "ages" <b>&</b> came back', user: 'ken@example.com', created_at: '2026-03-02T11:00:00.000Z' },
      { resolution: 1, rating: 5, comment: 'Fixed for good', user: 'ken@example.com', created_at: '2026-03-03T11:00:00.000Z' },
    ]);
    expect(doc.tickets[1].ratings).toEqual([{ resolution: 0, rating: 4, comment: null, user: 'mary@example.com', created_at: '2026-03-03T13:00:00.000Z' }]);
    expect(doc.organisation.webhooks).toEqual([
      { url: HOOK, events: ['ticket.created', 'ticket.status'], created_at: '2026-03-01T08:10:00.000Z' },
      { url: 'http://127.0.0.1:1/all', events: ['ticket.created', 'ticket.replied', 'ticket.noted', 'ticket.status', 'ticket.assigned', 'ticket.overdue'], created_at: '2026-03-01T08:11:00.000Z' },
    ]);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('whsec_');
    // Created ×2 and status ×4 for each hook that wants them: all still pending (nothing accepted them).
    const d = doc.webhook_deliveries as Array<{ webhook: string; event: string; ticket: string; attempts: number; last_error: string | null; body: string }>;
    expect(d.filter((x) => x.webhook === HOOK).map((x) => `${x.ticket} ${x.event}`)).toEqual([
      '100001 ticket.created', '100002 ticket.created', '100001 ticket.status', '100001 ticket.status', '100001 ticket.status', '100002 ticket.status',
    ]);
    expect(d.every((x) => x.attempts === 1 && x.last_error !== null)).toBe(true);
    expect(JSON.parse(d[0]!.body)).toMatchObject({ event: 'ticket.created', ticket: { number: '100001' } });
  });

  it('export → import into a fresh desk → export is byte-identical, and the moved desk shows the same ratings', () => {
    const first = join(s.dir, 'first.json');
    const second = join(s.dir, 'second.json');
    const back = join(s.dir, 'back.db');
    exportTo(null, first);
    const r = s.hd(['--db', back, 'import', first], NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`helpdesk: warning: webhook ${HOOK} was imported without its secret (exports carry no secrets)`);
    expect(r.stderr).toContain('Webhooks: 12 pending deliveries.');
    exportTo(back, second);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
    for (const v of [['ticket', 'show', '100001'], ['ticket', 'show', '100002'], ['report', '--since', '2026-03-01'], ['report', '--since', '2026-03-01', '--by', 'agent']]) {
      expect(s.json(['--db', back, '--as', 'admin', ...v], NOW), v.join(' ')).toEqual(s.json(['--as', 'admin', ...v], NOW));
    }
    expect(s.json(['--db', back, '--as', 'admin', 'ticket', 'show', '100001'], NOW).csat).toMatchObject({ rating: 5 });
  });

  it('an imported hook holds its deliveries until `webhook secret` sets one', () => {
    const file = join(s.dir, 'held.json');
    const back = join(s.dir, 'held.db');
    exportTo(null, file);
    expect(s.hd(['--db', back, 'import', file], NOW).code).toBe(0);
    const hooks = s.json(['--db', back, '--as', 'admin', 'webhook', 'list'], NOW);
    expect(hooks.map((h: { url: string; pending: number; secret_set: boolean }) => [h.url, h.pending, h.secret_set])).toEqual([
      [HOOK, 6, false], ['http://127.0.0.1:1/all', 6, false],
    ]);
    // The original desk has its secrets.
    expect(s.json(['--as', 'admin', 'webhook', 'list'], NOW).map((h: { secret_set: boolean }) => h.secret_set)).toEqual([true, true]);
    const later = at('2026-03-20T12:00:00Z');
    expect(s.json(['--db', back, 'webhook', 'send'], later)).toMatchObject({ delivered: 0, deferred: 0, failed: 0, deliveries: [] });
    const set = s.hd(['--db', back, '--as', 'admin', 'webhook', 'secret', '1', '--secret', SECRET], later);
    expect(set).toEqual({ code: 0, stdout: '', stderr: `✓ Set the secret of webhook 1 (${HOOK}); 6 pending deliveries will be sent\n` });
    const sent = s.json(['--db', back, 'webhook', 'send'], later);
    expect(sent.deliveries.map((d: { url: string }) => d.url)).toEqual(Array(6).fill(HOOK));
    expect(s.json(['--db', back, '--as', 'admin', 'webhook', 'list'], later).map((h: { secret_set: boolean }) => h.secret_set)).toEqual([true, false]);
    // Without --secret a new one is made and shown once; a non-admin may not.
    const fresh = s.hd(['--db', back, '--as', 'admin', 'webhook', 'secret', '2'], later);
    expect(fresh.stderr).toMatch(/^✓ Set the secret of webhook 2 \(http:\/\/127\.0\.0\.1:1\/all\); 6 pending deliveries will be sent\nSigning secret \(shown only now\): whsec_\S+\n$/);
    expect(s.hd(['--db', back, '--as', 'john', 'webhook', 'secret', '2'], later).code).toBe(4);
    expect(s.hd(['--db', back, '--as', 'admin', 'webhook', 'secret', '9'], later).code).toBe(3);
  });

  it('a version 2 export (no ratings, no webhooks) still imports', () => {
    const v3 = JSON.parse(readFileSync(join(s.dir, 'first.json'), 'utf8'));
    const { webhooks: _hooks, ...organisation } = v3.organisation;
    const { webhook_deliveries: _d, ...rest } = v3;
    const v2 = { ...rest, version: 2, organisation, tickets: v3.tickets.map(({ ratings: _r, ...t }: { ratings?: unknown }) => t) };
    const file = join(s.dir, 'v2.json');
    writeFileSync(file, JSON.stringify(v2));
    const db = join(s.dir, 'v2.db');
    const r = s.hd(['--db', db, 'import', file], NOW);
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(s.hd(['--db', db, '--as', 'admin', 'export'], NOW).stdout);
    expect(again).toEqual({ ...v2, version: 3, organisation: { ...organisation, webhooks: [] }, webhook_deliveries: [] });
    expect(s.json(['--db', db, '--as', 'admin', 'ticket', 'show', '100001'], NOW).csat).toBeNull();
  });

  it('a rating of a resolution the ticket never had, or twice, rejects the file', () => {
    const doc = JSON.parse(readFileSync(join(s.dir, 'first.json'), 'utf8'));
    const db = join(s.dir, 'never.db');
    const file = join(s.dir, 'bad.json');
    doc.tickets[1].ratings[0].resolution = 1;
    writeFileSync(file, JSON.stringify(doc));
    const r = s.hd(['--db', db, 'import', file], NOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^helpdesk: .*#100002.*ratings\[0\].*'resolution' must be at most the ticket's reopened_count \(0\)/);
    doc.tickets[1].ratings[0].resolution = 0;
    doc.webhook_deliveries[0].webhook = 'https://elsewhere.example.com/x';
    writeFileSync(file, JSON.stringify(doc));
    expect(s.hd(['--db', db, 'import', file], NOW).stderr).toMatch(/'webhook' names https:\/\/elsewhere\.example\.com\/x, which is neither in the file nor in this help desk/);
  });
});

describe.skipIf(pgUnavailable() !== null)('SQLite → PostgreSQL → SQLite', () => {
  it('keeps ratings, webhooks and pending deliveries byte for byte', async () => {
    const { url } = await freshPgStore();
    const first = join(s.dir, 'pg-first.json');
    const second = join(s.dir, 'pg-second.json');
    const third = join(s.dir, 'pg-third.json');
    exportTo(null, first);
    const into = s.hd(['--db', url, 'import', first], NOW);
    expect(into.code, into.stderr).toBe(0);
    exportTo(url, second);
    const back = join(s.dir, 'pg-back.db');
    expect(s.hd(['--db', back, 'import', second], NOW).code).toBe(0);
    exportTo(back, third);
    expect(JSON.parse(readFileSync(first, 'utf8')).webhook_deliveries).toHaveLength(12);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
    expect(readFileSync(third, 'utf8')).toBe(readFileSync(first, 'utf8'));
    expect(s.json(['--db', url, '--as', 'admin', 'report', '--since', '2026-03-01'], NOW)).toEqual(s.json(['--as', 'admin', 'report', '--since', '2026-03-01'], NOW));
    expect(s.json(['--db', url, '--as', 'admin', 'webhook', 'list'], NOW).map((h: { secret_set: boolean }) => h.secret_set)).toEqual([false, false]);
  }, 120_000);
});
