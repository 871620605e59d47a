/**
 * Moving a desk between the stores: SQLite → PostgreSQL → SQLite through `export` and
 * `import` of the built binary gives byte-identical exports — tickets, numbers, threads, events,
 * attachments, the outbox in every delivery state, ingested mail, collaborators, links, parents,
 * merges, time, custom statuses and the organisation — and the PostgreSQL desk shows every ticket as SQLite does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';
import { startSmtp } from '../helpers/smtp.js';

const skip = pgUnavailable();
let s: Sandbox;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const NOW = at('2026-03-10T12:00:00Z');

function mail(o: { from: string; id: string; subject: string; text: string; inReplyTo?: string; file?: { name: string; content: Buffer } }): string {
  const head = [`From: ${o.from}`, 'To: Help Desk <help@example.com>', `Subject: ${o.subject}`, 'Date: Mon, 2 Mar 2026 09:00:00 +0000',
    `Message-ID: ${o.id}`, ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []), 'MIME-Version: 1.0'];
  if (!o.file) return [...head, 'Content-Type: text/plain; charset=utf-8', '', o.text, ''].join('\r\n');
  const name = `UTF-8''${encodeURIComponent(o.file.name)}`;
  return [...head, 'Content-Type: multipart/mixed; boundary="b0und"', '', '--b0und', 'Content-Type: text/plain; charset=utf-8', '', o.text,
    '--b0und', `Content-Type: application/octet-stream; name*=${name}`, `Content-Disposition: attachment; filename*=${name}`,
    'Content-Transfer-Encoding: base64', '', o.file.content.toString('base64').replace(/.{76}/g, '$&\r\n'), '--b0und--', ''].join('\r\n');
}

const ok = (args: string[], when: string, input?: string) => {
  const r = s.hd(args, { ...at(when), input });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  s = sandbox();
  ok(['init', '--sample', 'lab'], '2026-03-01T08:00:00Z');
  ok(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>'], '2026-03-01T08:00:00Z');
  ok(['--as', 'admin', 'config', 'set', 'mail.autoresponse', 'on'], '2026-03-01T08:00:00Z');
  const bytes = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('Ω\0end', 'utf8')]);
  ok(['mail', 'ingest', '-'], '2026-03-02T09:00:00Z', mail({
    from: 'Ana Lúcia <ana@example.org>', id: '<scan.1@example.org>', subject: 'Scanner firmware', text: 'Firmware attached.',
    file: { name: 'Résumé 製品.bin', content: bytes },
  }));
  ok(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'Which model?', '--time', '20m'], '2026-03-02T09:30:00Z');
  const smtp = await startSmtp();
  try {
    ok(['--as', 'admin', 'config', 'set', 'mail.smtp', `smtp://127.0.0.1:${smtp.port}`], '2026-03-02T09:31:00Z');
    expect((await s.hdAsync(['mail', 'send'], at('2026-03-02T09:32:00Z'))).code).toBe(0);
  } finally {
    await smtp.close();
  }
  ok(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Outage A', '--body', 'Down', '--cc', 'alex@example.com'], '2026-03-02T10:00:00Z');
  ok(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'Outage B', '--body', 'Down too'], '2026-03-02T10:05:00Z');
  ok(['--as', 'john', 'ticket', 'create', '--user', 'mary@example.com', '--subject', 'Café crème', '--body', 'Kaputt'], '2026-03-02T10:10:00Z');
  ok(['--as', 'john', 'ticket', 'note', '100002', '--body', 'Internal: router 7', '--time', '1h30m'], '2026-03-02T10:20:00Z');
  ok(['--as', 'john', 'ticket', 'link', '100002', '100004', '--type', 'blocks'], '2026-03-02T10:30:00Z');
  ok(['--as', 'john', 'ticket', 'edit', '100004', '--parent', '100001'], '2026-03-02T10:35:00Z');
  ok(['--as', 'admin', 'ticket', 'merge', '100002', '100003'], '2026-03-02T10:40:00Z');
  ok(['--as', 'john', 'ticket', 'status', '100001', 'resolved'], '2026-03-02T11:00:00Z');
  // A reply that cannot be delivered: pending with an error and an attempt.
  ok(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'Router replaced.'], '2026-03-02T11:05:00Z');
  ok(['--as', 'admin', 'config', 'set', 'mail.smtp', 'smtp://127.0.0.1:1'], '2026-03-02T11:06:00Z');
  s.hd(['mail', 'send'], at('2026-03-02T11:07:00Z'));
  // Custom statuses (schema 14): #100004 on hold (its clock paused), #100002 in a closed custom status.
  ok(['--as', 'admin', 'status', 'add', 'On Hold', '--state', 'open', '--pause'], '2026-03-02T11:10:00Z');
  ok(['--as', 'admin', 'status', 'add', 'Cancelled', '--state', 'closed'], '2026-03-02T11:10:00Z');
  ok(['--as', 'john', 'ticket', 'status', '100004', 'on-hold'], '2026-03-02T11:15:00Z');
  ok(['--as', 'john', 'ticket', 'status', '100002', 'cancelled'], '2026-03-02T11:20:00Z');
  // Overdue events and their pending digests' outcome, then canned responses and a template.
  ok(['sla', 'check'], '2026-03-05T12:00:00Z');
  ok(['--as', 'admin', 'canned', 'add', 'Firmware', '--body', 'Please update.'], '2026-03-06T09:00:00Z');
  ok(['--as', 'admin', 'mail', 'template', 'set', 'reply', '--body', 'Hello %{user.first_name},\n\n%{message}\n\n— Desk'], '2026-03-06T09:00:00Z');
}, 120_000);
afterAll(() => s?.cleanup());

describe.skipIf(skip !== null)('SQLite → PostgreSQL → SQLite', () => {
  it('the three exports are byte-identical and the PostgreSQL desk shows the same tickets', async () => {
    const { url } = await freshPgStore();
    const first = join(s.dir, 'first.json');
    const second = join(s.dir, 'second.json');
    const third = join(s.dir, 'third.json');
    const back = join(s.dir, 'back.db');
    ok(['--as', 'admin', 'export', '--out', first], NOW.env.HELPDESK_NOW);
    const into = s.hd(['--db', url, 'import', first], NOW);
    expect(into.code, into.stderr).toBe(0);
    ok(['--db', url, '--as', 'admin', 'export', '--out', second], NOW.env.HELPDESK_NOW);
    ok(['--db', back, 'import', second], NOW.env.HELPDESK_NOW);
    ok(['--db', back, '--as', 'admin', 'export', '--out', third], NOW.env.HELPDESK_NOW);
    const doc = JSON.parse(readFileSync(first, 'utf8'));
    expect(doc.tickets).toHaveLength(4);
    expect(doc.mail_outbox.length).toBeGreaterThanOrEqual(4);
    expect(doc.organisation.statuses.map((x: { key: string }) => x.key)).toEqual(['cancelled', 'on-hold']);
    expect(doc.tickets.filter((t: { status: string }) => t.status === 'on-hold' || t.status === 'cancelled')).toHaveLength(2);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
    expect(readFileSync(third, 'utf8')).toBe(readFileSync(first, 'utf8'));
    for (const v of [['ticket', 'show', '100001'], ['ticket', 'show', '100002'], ['ticket', 'show', '100004'], ['ticket', 'list', '--queue', 'all'],
      ['mail', 'outbox'], ['report', '--since', '2026-03-01'], ['report', '--since', '2026-03-01', '--by', 'status'], ['sla', 'status'],
      ['ticket', 'search', 'router'], ['ticket', 'list', '--status', 'on-hold'], ['ticket', 'list', '--status', 'in-progress'], ['status', 'list']]) {
      expect(s.json(['--db', url, '--as', 'admin', ...v], NOW), v.join(' ')).toEqual(s.json(['--as', 'admin', ...v], NOW));
    }
  });
});
