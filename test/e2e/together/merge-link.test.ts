/**
 * Merge (one transaction, threads/attachments/collaborators/time move, sources
 * closed with a `merged` event, later posts and mail land on the target, also under concurrency),
 * links, parent and children, and the refusals with their exit codes and an unchanged database.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, runner, T0 } from './support.js';
import { query, sandbox, type Sandbox } from '../../helpers/cli.js';
import { expectRefusedUnchanged } from '../contract/support.js';

let s: Sandbox;
const { ok, show } = runner(() => s);
const create = (user: string, subject: string, iso = T0, ...extra: string[]) =>
  ok(['--as', 'john', 'ticket', 'create', '--user', user, '--subject', subject, '--body', `${subject}: it is down`, ...extra], iso);

/** Exit code, one-line error (and no stack trace), the database untouched. */
function refused(args: string[], code: number, message: RegExp): void {
  const r = expectRefusedUnchanged(s, args, code, undefined, { HELPDESK_NOW: '2026-03-02T12:00:00Z' });
  expect(r.stderr.split('\n')[0]).toMatch(message);
}

beforeEach(() => {
  s = sandbox();
  ok(['init', '--sample', 'lab'], '2026-03-02T08:00:00Z');
});
afterEach(() => s.cleanup());

describe('ticket merge', () => {
  it('moves threads, attachments, collaborators and time to the target and closes the others', () => {
    create('karen@example.com', 'Outage A', '2026-03-02T09:00:00Z');
    create('ken@example.com', 'Outage B', '2026-03-02T09:05:00Z', '--cc', 'alex@example.com');
    create('cliff@example.com', 'Outage C', '2026-03-02T09:10:00Z');
    const file = join(s.dir, 'trace.log');
    writeFileSync(file, 'trace\n');
    ok(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'Looking', '--time', '20m', '--attach', file], '2026-03-02T09:20:00Z');

    const merged = s.json(['--as', 'admin', 'ticket', 'merge', '100001', '100002', '100003'], at('2026-03-02T10:00:00Z'));
    expect(merged.number).toBe('100001');
    // Entries keep their times and authors, in time order.
    expect(merged.thread.map((e: any) => [e.author, e.created_at])).toEqual([
      ['karen@example.com', '2026-03-02T09:00:00.000Z'],
      ['ken@example.com', '2026-03-02T09:05:00.000Z'],
      ['cliff@example.com', '2026-03-02T09:10:00.000Z'],
      ['john', '2026-03-02T09:20:00.000Z'],
    ]);
    expect(merged.attachments.map((a: any) => [a.name, a.thread_index])).toEqual([['trace.log', 3]]);
    expect(merged.collaborators.map((c: any) => c.email)).toEqual(['alex@example.com', 'cliff@example.com', 'ken@example.com']);
    expect(merged.time_spent_minutes).toBe(20);
    expect(merged.events.at(-1)).toMatchObject({ type: 'absorbed', actor: 'admin', data: { from: ['100002', '100003'] } });

    for (const n of ['100002', '100003']) {
      const t = show(n);
      expect(t.status).toBe('closed');
      expect(t.thread).toEqual([]);
      expect(t.merged_into).toBe('100001');
      expect(t.events.at(-1)).toMatchObject({ type: 'merged', actor: 'admin', at: '2026-03-02T10:00:00.000Z', data: { into: '100001', to: 'closed' } });
    }
  });

  it('files later replies, notes and mail to a merged ticket on the target', () => {
    create('karen@example.com', 'Outage A');
    create('ken@example.com', 'Outage B');
    ok(['--as', 'admin', 'ticket', 'merge', '100001', '100002']);
    const r = s.hd(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'Fixed for all', '--json'], at('2026-03-02T11:00:00Z'));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).number).toBe('100001');
    expect(r.stderr).toContain('#100002 was merged into #100001');
    // Ken, the merged ticket's end user, answers by mail quoting its number: it lands on the target.
    const eml = ['From: Ken Adams <ken@example.com>', 'To: help@example.com', 'Subject: Re: Outage B [#100002]',
      'Message-ID: <ken-1@example.com>', 'Date: Mon, 02 Mar 2026 11:30:00 +0000', '', 'Still down here.', ''].join('\r\n');
    const m = s.hd(['mail', 'ingest', '-', '--json'], { input: eml, env: { HELPDESK_NOW: '2026-03-02T11:30:00Z' } });
    expect(m.code, m.stderr).toBe(0);
    const target = show('100001');
    expect(target.thread.map((e: any) => e.body)).toEqual(['Outage A: it is down', 'Outage B: it is down', 'Fixed for all', 'Still down here.']);
    expect(show('100002').thread).toEqual([]);
  });

  it('a reply racing the merge lands on the target either way', async () => {
    create('karen@example.com', 'Outage A');
    create('ken@example.com', 'Outage B');
    const [merge, reply] = await Promise.all([
      s.hdAsync(['--as', 'admin', 'ticket', 'merge', '100001', '100002'], { env: { HELPDESK_NOW: T0 } }),
      s.hdAsync(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'racing reply'], { env: { HELPDESK_NOW: T0 } }),
    ]);
    expect(merge.code, merge.stderr).toBe(0);
    expect(reply.code, reply.stderr).toBe(0);
    expect(show('100001').thread.map((e: any) => e.body)).toContain('racing reply');
    expect(show('100002').thread).toEqual([]);
    const rows = query(s.db, "SELECT t.number FROM thread_entries e JOIN tickets t ON t.id = e.ticket_id WHERE e.body = 'racing reply'");
    expect(rows).toEqual([{ number: '100001' }]);
  });

  it('refuses a merge into itself or into a closed ticket (5), and a ticket the actor cannot edit (4)', () => {
    create('karen@example.com', 'Outage A');
    create('ken@example.com', 'Outage B');
    create('cliff@example.com', 'Closed one');
    ok(['--as', 'john', 'ticket', 'status', '100003', 'closed']);
    refused(['--as', 'admin', 'ticket', 'merge', '100001', '100001'], 5, /^helpdesk: cannot merge #100001 into itself$/);
    refused(['--as', 'admin', 'ticket', 'merge', '100003', '100001'], 5, /^helpdesk: #100003 is closed; cannot merge into a closed ticket$/);
    // Jane (Online Banking) may not even see Support's tickets; a View Only agent sees but may not edit.
    refused(['--as', 'jane', 'ticket', 'merge', '100001', '100002'], 4, /^helpdesk: access denied$/);
    ok(['--as', 'admin', 'agent', 'add', 'vic', '--name', 'Vic', '--dept', 'Support', '--role', 'View Only']);
    refused(['--as', 'vic', 'ticket', 'merge', '100001', '100002'], 4, /^helpdesk: access denied: vic may not edit this ticket$/);
    // All or nothing: the second source is refused, so the first is not merged either.
    refused(['--as', 'admin', 'ticket', 'merge', '100001', '100002', '100001'], 5, /into itself/);
    refused(['--as', 'admin', 'ticket', 'merge', '100001', '100002', '100099'], 3, /^helpdesk: ticket #100099 not found$/);
  });
});

describe('links, parent and children', () => {
  it('links both ways, shows the inverse type, and unlinks', () => {
    create('karen@example.com', 'A');
    create('ken@example.com', 'B');
    const t = s.json(['--as', 'john', 'ticket', 'link', '100001', '100002', '--type', 'blocks']);
    expect(t.links).toEqual([{ number: '100002', type: 'blocks' }]);
    expect(show('100002').links).toEqual([{ number: '100001', type: 'blocked-by' }]);
    expect(show('100002').events.at(-1)).toMatchObject({ type: 'linked', actor: 'john', data: { number: '100001', type: 'blocks' } });
    const text = ok(['--as', 'john', 'ticket', 'show', '100001']);
    expect(text).toMatch(/^Links\s+blocks #100002$/m);
    expect(s.json(['--as', 'john', 'ticket', 'unlink', '100002', '100001']).links).toEqual([]);
    expect(show('100001').links).toEqual([]);
    refused(['--as', 'john', 'ticket', 'link', '100001', '100002', '--type', 'causes'], 2, /unknown link type 'causes'/);
    refused(['--as', 'john', 'ticket', 'link', '100001', '100001'], 5, /cannot link #100001 to itself/);
  });

  it('--parent on create and edit, children listed, a cycle refused, --children resolves them', () => {
    create('karen@example.com', 'Parent');
    create('ken@example.com', 'Child 1', T0, '--parent', '100001');
    create('cliff@example.com', 'Child 2');
    ok(['--as', 'john', 'ticket', 'edit', '100003', '--parent', '100001']);
    create('alex@example.com', 'Grandchild', T0, '--parent', '100002');
    expect(show('100001').children).toEqual(['100002', '100003']);
    expect(show('100002')).toMatchObject({ parent: '100001', children: ['100004'] });
    expect(show('100003').events.at(-1)).toMatchObject({ type: 'edited', data: { field: 'parent', from: null, to: '100001' } });

    refused(['--as', 'john', 'ticket', 'edit', '100001', '--parent', '100004'], 5, /would make a cycle/);
    refused(['--as', 'john', 'ticket', 'edit', '100001', '--parent', '100001'], 5, /cannot be its own parent/);
    refused(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'x', '--body', 'y', '--parent', '100001'], 4, /only agents may use --parent/);

    ok(['--as', 'john', 'ticket', 'status', '100003', 'closed']);
    const parent = s.json(['--as', 'john', 'ticket', 'status', '100001', 'resolved', '--children'], at('2026-03-02T10:00:00Z'));
    expect(parent.status).toBe('resolved');
    expect(show('100002')).toMatchObject({ status: 'resolved', resolved_at: '2026-03-02T10:00:00.000Z' });
    expect(show('100003').status).toBe('closed'); // already closed: left alone
    expect(show('100004').status).toBe('open');   // a grandchild is its parent's business

    ok(['--as', 'john', 'ticket', 'edit', '100002', '--no-parent']);
    expect(show('100001').children).toEqual(['100003']);
  });
});

describe('export and import', () => {
  it('keep parents, merges, links and time; an export without them is unchanged', () => {
    const plain = join(s.dir, 'plain.json');
    create('karen@example.com', 'A');
    ok(['--as', 'admin', 'export', '--out', plain]);
    expect(readFileSync(plain, 'utf8')).not.toMatch(/"(parent|merged_into|links|time)"/);

    create('ken@example.com', 'B', T0, '--parent', '100001');
    create('cliff@example.com', 'C');
    create('alex@example.com', 'D');
    ok(['--as', 'john', 'ticket', 'link', '100001', '100003', '--type', 'blocks']);
    ok(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'On it', '--time', '25m']);
    ok(['--as', 'john', 'ticket', 'status', '100001', 'in-progress', '--time', '5m']);
    ok(['--as', 'admin', 'ticket', 'merge', '100003', '100004']);
    const file = join(s.dir, 'desk.json');
    ok(['--as', 'admin', 'export', '--out', file]);
    const copy = join(s.dir, 'copy.db');
    const r = s.hd(['--db', copy, 'import', file], at(T0));
    expect(r.code, r.stderr).toBe(0);
    for (const n of ['100001', '100002', '100003', '100004']) {
      const fields = (t: any) => [t.parent, t.children, t.links, t.merged_into, t.time_spent_minutes];
      expect(fields(s.json(['--db', copy, '--as', 'admin', 'ticket', 'show', n])), n).toEqual(fields(show(n)));
    }
    expect(show('100002').time_spent_minutes).toBe(25);
    const again = join(s.dir, 'again.json');
    ok(['--db', copy, '--as', 'admin', 'export', '--out', again]);
    const strip = (text: string) => text.replace(/"exported_at": "[^"]*"/, '');
    expect(strip(readFileSync(again, 'utf8'))).toBe(strip(readFileSync(file, 'utf8')));
  });
});
