/**
 * Claim on response (and its switch), time spent with hand-computed report
 * sums, report --by team and "(unassigned)", collaborators (Cc on mail, read without notes, post),
 * and attachments: limit, notes hidden from end users, byte-identical through mail out and back in.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { at, runner, T0 } from './support.js';
import { sandbox, type Sandbox } from '../../helpers/cli.js';
import { expectRefusedUnchanged } from '../contract/support.js';
import { startSmtp, type TestSmtp } from '../../helpers/smtp.js';

let s: Sandbox;
const { ok, show } = runner(() => s);
const create = (user: string, subject: string, ...extra: string[]) =>
  ok(['--as', 'john', 'ticket', 'create', '--user', user, '--subject', subject, '--body', 'Help', ...extra]);

/** Exit code, one-line error (and no stack trace), the database untouched. */
function refused(args: string[], code: number, message: RegExp): void {
  const r = expectRefusedUnchanged(s, args, code, undefined, { HELPDESK_NOW: T0 });
  expect(r.stderr.split('\n')[0]).toMatch(message);
}

beforeEach(() => {
  s = sandbox();
  s.env.HELPDESK_NOW = T0; // the clock of every command that does not name its own
  ok(['init', '--sample', 'lab'], '2026-03-02T08:00:00Z');
});
afterEach(() => s.cleanup());

describe('claim on response', () => {
  it("assigns an open unassigned ticket to the agent who replies, with an assigned event", () => {
    create('karen@example.com', 'VPN');
    const t = s.json(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'On it'], at('2026-03-02T09:10:00Z'));
    expect(t.assignee).toBe('john');
    expect(t.events.filter((e: any) => e.type === 'assigned')).toEqual([
      { type: 'assigned', actor: 'john', at: '2026-03-02T09:10:00.000Z', data: { field: 'agent', from: null, to: 'john', reason: 'claim-on-response' } },
    ]);
    // Already assigned: a second agent's reply does not take it.
    expect(s.json(['--as', 'admin', 'ticket', 'reply', '100001', '--body', 'Me too']).assignee).toBe('john');
  });

  it('is off with ticket.claim_on_response off, and never claims a resolved ticket', () => {
    ok(['--as', 'admin', 'config', 'set', 'ticket.claim_on_response', 'off']);
    expect(ok(['--as', 'john', 'config', 'get', 'ticket.claim_on_response'])).toBe('off');
    create('karen@example.com', 'VPN');
    expect(s.json(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'On it']).assignee).toBeNull();
    ok(['--as', 'admin', 'config', 'set', 'ticket.claim_on_response', 'on']);
    create('ken@example.com', 'Printer');
    ok(['--as', 'john', 'ticket', 'status', '100002', 'resolved']);
    expect(s.json(['--as', 'john', 'ticket', 'reply', '100002', '--body', 'Done']).assignee).toBeNull();
    refused(['--as', 'admin', 'config', 'set', 'ticket.claim_on_response', 'maybe'], 2, /ticket\.claim_on_response/);
  });
});

describe('time spent and the report', () => {
  it('sums --time per ticket and per group, crediting the agent who logged it', () => {
    create('karen@example.com', 'A');                                        // 100001: john claims it
    ok(['--as', 'admin', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'B', '--body', 'Help',
      '--team', 'Online Banking Team', '--dept', 'Online Banking']);         // 100002: the team's, no agent
    create('cliff@example.com', 'C');                                        // 100003: nobody works it
    ok(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'x', '--time', '25m']);
    ok(['--as', 'john', 'ticket', 'note', '100001', '--body', 'y', '--time', '1h30m']);
    ok(['--as', 'jane', 'ticket', 'note', '100002', '--body', 'z', '--time', '45']);
    const t = s.json(['--as', 'jane', 'ticket', 'status', '100002', 'resolved', '--time', '10m']);
    expect(t.time_spent_minutes).toBe(55);                                     // 45 + 10
    expect(t.events.at(-1)).toMatchObject({ type: 'time', actor: 'jane', data: { minutes: 10, total: 55 } });
    expect(show('100001').time_spent_minutes).toBe(115);                      // 25 + 90
    expect(show('100001', 'karen@example.com').time_spent_minutes).toBeNull(); // internal

    const byAgent = s.json(['--as', 'admin', 'report', '--by', 'agent'], at('2026-03-02T12:00:00Z'));
    expect(byAgent.time_spent_minutes).toBe(170);                             // 115 + 55
    // 100002 and 100003 have no agent: "(unassigned)"; jane logged 55 minutes without owning a ticket.
    expect(byAgent.groups.map((g: any) => [g.key, g.created, g.time_spent_minutes])).toEqual([
      ['john', 1, 115], ['(unassigned)', 2, 0], ['jane', 0, 55],
    ]);
    const byTeam = s.json(['--as', 'admin', 'report', '--by', 'team'], at('2026-03-02T12:00:00Z'));
    expect(byTeam.groups.map((g: any) => [g.key, g.created, g.resolved, g.time_spent_minutes])).toEqual([
      ['Online Banking Team', 1, 1, 55], ['(no team)', 2, 0, 115],
    ]);
    expect(ok(['--as', 'admin', 'report', '--by', 'team', '--csv'], '2026-03-02T12:00:00Z').split('\n')[0]).toMatch(/,time_spent_minutes$/);
  });

  it('refuses a bad duration and end users logging time', () => {
    create('karen@example.com', 'A');
    refused(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'x', '--time', 'soon'], 2, /--time 'soon' is not a duration/);
    refused(['--as', 'john', 'ticket', 'note', '100001', '--body', 'x', '--time', '0m'], 2, /at least one minute/);
    refused(['--as', 'karen@example.com', 'ticket', 'reply', '100001', '--body', 'x', '--time', '5m'], 4, /only agents log time/);
  });
});

describe('collaborators', () => {
  it('cc add/remove and --cc: shown, read without notes, post, and get replies in Cc', () => {
    ok(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>']);
    create('karen@example.com', 'Shared drive', '--cc', 'ken@example.com');
    const t = s.json(['--as', 'john', 'ticket', 'cc', '100001', 'add', 'new.person@example.com']);
    expect(t.collaborators).toEqual([{ name: 'Ken Adams', email: 'ken@example.com' }, { name: 'new.person@example.com', email: 'new.person@example.com' }]);
    expect(t.events.at(-1)).toMatchObject({ type: 'cc', actor: 'john', data: { added: ['new.person@example.com'] } });
    expect(ok(['--as', 'john', 'ticket', 'show', '100001'])).toMatch(/^Cc\s+Ken Adams <ken@example\.com>, new\.person@example\.com <new\.person@example\.com>$/m);

    ok(['--as', 'john', 'ticket', 'note', '100001', '--body', 'internal only']);
    ok(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'Fixed the share']);
    const seen = show('100001', 'ken@example.com');
    expect(seen.thread.map((e: any) => e.kind)).toEqual(['message', 'reply']);
    expect(s.json(['--as', 'ken@example.com', 'ticket', 'reply', '100001', '--body', 'Works for me']).thread.at(-1))
      .toMatchObject({ kind: 'message', author: 'ken@example.com' });
    const [reply] = s.json(['--as', 'admin', 'mail', 'outbox']).filter((m: any) => m.kind === 'reply');
    expect(reply).toMatchObject({ to: 'karen@example.com', cc: ['ken@example.com', 'new.person@example.com'] });

    expect(s.json(['--as', 'john', 'ticket', 'cc', '100001', 'remove', 'ken@example.com']).collaborators.map((c: any) => c.email))
      .toEqual(['new.person@example.com']);
    refused(['--as', 'ken@example.com', 'ticket', 'show', '100001'], 4, /^helpdesk: access denied$/);
  });

  it("refuses an agent's address (2) and end users managing collaborators (4)", () => {
    create('karen@example.com', 'A');
    refused(['--as', 'john', 'ticket', 'cc', '100001', 'add', 'jane@helpdesk.example.com'], 2, /is an agent's address/);
    refused(['--as', 'john', 'ticket', 'cc', '100001', 'add', 'ken@example.com', 'john@helpdesk.example.com'], 2, /is an agent's address/);
    refused(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'x', '--body', 'y', '--cc', 'john@helpdesk.example.com'], 2, /agent's address/);
    refused(['--as', 'karen@example.com', 'ticket', 'cc', '100001', 'add', 'ken@example.com'], 4, /access denied/);
    refused(['--as', 'john', 'ticket', 'cc', '100001', 'invite', 'ken@example.com'], 2, /unknown cc action 'invite'/);
  });
});

describe('attachments', () => {
  let smtp: TestSmtp;
  beforeAll(async () => { smtp = await startSmtp(); });
  afterAll(async () => { await smtp.close(); });

  it('within the limit, notes hidden from end users, byte-identical through mail out and back in', async () => {
    ok(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>']);
    ok(['--as', 'admin', 'config', 'set', 'mail.smtp', `smtp://127.0.0.1:${smtp.port}`]);
    const blob = randomBytes(5000);
    const file = join(s.dir, 'dump.bin');
    writeFileSync(file, blob);
    writeFileSync(join(s.dir, 'secret.txt'), 'internal\n');
    create('karen@example.com', 'Crash', '--cc', 'ken@example.com');
    ok(['--as', 'john', 'ticket', 'note', '100001', '--body', 'log', '--attach', join(s.dir, 'secret.txt')]);
    const t = s.json(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'Here is the fix', '--attach', file]);
    expect(t.attachments.map((a: any) => [a.name, a.size])).toEqual([['secret.txt', 9], ['dump.bin', 5000]]);
    expect(show('100001', 'karen@example.com').attachments.map((a: any) => a.name)).toEqual(['dump.bin']);

    const sent = await s.hdAsync(['mail', 'send', '--json'], { env: { HELPDESK_NOW: T0 } });
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout), sent.stdout).toMatchObject({ sent: 1, failed: 0 });
    const mail = smtp.received.at(-1)!;
    expect(mail.to.sort()).toEqual(['karen@example.com', 'ken@example.com']);
    expect(mail.mail.attachments.map((a) => a.filename)).toEqual(['dump.bin']);
    expect(Buffer.compare(mail.mail.attachments[0]!.content, blob)).toBe(0);

    // Karen sends the file back: it is stored exactly, and saved with mode 0600.
    const back = mail.raw.replace(/^From: .*$/m, 'From: Karen Jones <karen@example.com>').replace(/^Message-ID: .*$/mi, 'Message-ID: <karen-back@example.com>');
    const r = s.hd(['mail', 'ingest', '-'], { input: back, env: { HELPDESK_NOW: '2026-03-02T10:00:00Z' } });
    expect(r.code, r.stderr).toBe(0);
    const stored = show('100001').attachments.at(-1);
    expect(stored).toMatchObject({ name: 'dump.bin', size: 5000 });
    const out = join(s.dir, 'saved.bin');
    ok(['--as', 'john', 'ticket', 'attachment', '100001', String(stored.id), '--out', out]);
    expect(Buffer.compare(readFileSync(out), blob)).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('refuses a file over mail.attachment_limit or unreadable (2), changing nothing', () => {
    create('karen@example.com', 'A');
    ok(['--as', 'admin', 'config', 'set', 'mail.attachment_limit', '1K']);
    const big = join(s.dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(2048));
    refused(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'x', '--attach', big], 2, /over the 1 KiB attachment limit/);
    refused(['--as', 'john', 'ticket', 'note', '100001', '--body', 'x', '--attach', join(s.dir, 'missing.txt')], 2, /cannot read --attach .*missing\.txt \(ENOENT\)/);
    refused(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 's', '--body', 'b', '--attach', s.dir], 2, /cannot read --attach/);
  });
});
