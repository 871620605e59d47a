/**
 * CONTRACT.md, Tickets: assign, transfer, edit, sla, reply, note, status, reopen — their rules, their
 * events, no-ops, and what --json prints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, type Sandbox } from '../../helpers/cli.js';
import { KAREN, KEN, at, create, expectRefusedUnchanged, labSandbox, oneJson } from './support.js';

let s: Sandbox;
beforeAll(() => (s = labSandbox()));
afterAll(() => s.cleanup());

const T1 = '2026-03-02T10:00:00Z';
const act = (as: string, args: string[], when = T1) => oneJson(s.hd(['--as', as, 'ticket', ...args, '--json'], at(when)));
const last = (t: any) => t.events.at(-1);

describe('assign: agent and team are independent', () => {
  let n: string;
  beforeAll(() => (n = create(s, KAREN, ['--subject', 'Assign me', '--body', 'b'])));

  it('--team keeps the agent, --to keeps the team, --release clears only the agent, --me claims', () => {
    let t = act('john', ['assign', n, '--team', 'Online Banking Team']);
    expect([t.assignee, t.team]).toEqual([null, 'Online Banking Team']);
    expect(last(t)).toEqual({ type: 'assigned', actor: 'john', at: '2026-03-02T10:00:00.000Z', data: { field: 'team', from: null, to: 'Online Banking Team' } });
    t = act('john', ['assign', n, '--to', 'jane']);
    expect([t.assignee, t.team]).toEqual(['jane', 'Online Banking Team']);
    expect(last(t).data).toEqual({ field: 'agent', from: null, to: 'jane' });
    t = act('john', ['assign', n, '--release']);
    expect([t.assignee, t.team]).toEqual([null, 'Online Banking Team']);
    expect(last(t)).toMatchObject({ type: 'released', data: { from: 'jane', to: null } });
    t = act('john', ['assign', n, '--me']);
    expect([t.assignee, t.team]).toEqual(['john', 'Online Banking Team']);
    expect(last(t).data).toEqual({ field: 'agent', from: null, to: 'john' });
  });

  it('nothing, or more than one of --to/--me/--release: exit 2; unknown agent or team: exit 3', () => {
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'assign', n], 2, /--to/);
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'assign', n, '--to', 'jane', '--release'], 2);
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'assign', n, '--to', 'jnae'], 3, /did you mean 'jane'/);
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'assign', n, '--team', 'Banking'], 3, /no team named 'Banking'/);
  });

  it('assigning what is already so is a no-op: warning, exit 0, nothing changed', () => {
    // A ticket of its own, assigned here: the test holds whichever tests ran before it (or none).
    const mine = create(s, KAREN, ['--subject', 'Already mine', '--body', 'b']);
    expect(act('john', ['assign', mine, '--to', 'john']).assignee).toBe('john');
    const before = dbDigest(s.db);
    const r = s.hd(['--as', 'john', 'ticket', 'assign', mine, '--to', 'JOHN'], at(T1));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^helpdesk: warning: /);
    expect(dbDigest(s.db)).toBe(before);
  });
});

describe('transfer, edit, sla', () => {
  let n: string;
  beforeAll(() => (n = create(s, 'john', ['--user', KEN, '--subject', 'Laptop', '--body', 'Dead.'])));

  it('transfer --dept moves it, with a transferred event', () => {
    const t = act('admin', ['transfer', n, '--dept', 'sysadmins']);
    expect(t.department).toBe('SysAdmins');
    expect(last(t)).toEqual({ type: 'transferred', actor: 'admin', at: '2026-03-02T10:00:00.000Z', data: { from: 'Support', to: 'SysAdmins' } });
    expectRefusedUnchanged(s, ['--as', 'admin', 'ticket', 'transfer', n], 2, /--dept/);
  });

  it('edit --subject --priority --topic: one edited event per field', () => {
    const t = act('admin', ['edit', n, '--subject', 'Laptop will not boot', '--priority', 'HIGH', '--topic', 'report a problem']);
    expect(t).toMatchObject({ subject: 'Laptop will not boot', priority: 'high', topic: 'Report a Problem' });
    expect(t.events.slice(-3).map((e: any) => e.data)).toEqual([
      { field: 'subject', from: 'Laptop', to: 'Laptop will not boot' },
      { field: 'priority', from: 'normal', to: 'high' },
      { field: 'topic', from: null, to: 'Report a Problem' },
    ]);
    expect(t.events.slice(-3).every((e: any) => e.type === 'edited')).toBe(true);
    expectRefusedUnchanged(s, ['--as', 'admin', 'ticket', 'edit', n], 2, /nothing to edit/);
    expectRefusedUnchanged(s, ['--as', 'admin', 'ticket', 'edit', n, '--subject', ' '], 2, /subject is empty/);
  });

  it('sla <n> <plan> recomputes the due time from creation', () => {
    let t = act('admin', ['sla', n, 'sev-a'], '2026-03-02T09:30:00Z');
    expect(t).toMatchObject({ sla: 'Sev-A', due_at: '2026-03-02T10:00:00.000Z' });
    expect(last(t)).toMatchObject({ type: 'sla', data: { from: 'Default SLA', to: 'Sev-A' } });
    t = act('admin', ['sla', n, 'Sev-C']);
    expect(t.due_at).toBe('2026-03-02T17:00:00.000Z'); // 8 business hours from Mon 09:00
    expectRefusedUnchanged(s, ['--as', 'admin', 'ticket', 'sla', n, 'Sev-Q'], 3, /no SLA plan named 'Sev-Q'/);
  });
});

describe('reply and note', () => {
  let n: string;
  beforeAll(() => (n = create(s, KAREN, ['--subject', 'Outlook', '--body', 'Crashes.'])));

  it("an agent's reply is visible to the user; the first one is the first response", () => {
    let t = act('john', ['reply', n, '--body', 'Which version?'], '2026-03-02T09:20:00Z');
    expect(t.thread.at(-1)).toMatchObject({ kind: 'reply', author: 'john', body: 'Which version?', created_at: '2026-03-02T09:20:00.000Z' });
    expect(t.first_response_at).toBe('2026-03-02T09:20:00.000Z');
    t = act('john', ['reply', n, '--body', 'Any news?'], '2026-03-02T09:40:00Z');
    expect(t.first_response_at).toBe('2026-03-02T09:20:00.000Z');
    expect(act(KAREN, ['show', n]).thread.map((e: any) => e.kind)).toEqual(['message', 'reply', 'reply']);
  });

  it('a note is internal: never in the end user\'s ticket object; --title is kept', () => {
    const t = act('john', ['note', n, '--body', 'Known bug in 16.0.', '--title', 'Diagnosis']);
    expect(t.thread.at(-1)).toMatchObject({ kind: 'note', author: 'john', title: 'Diagnosis', body: 'Known bug in 16.0.' });
    expect(t.first_response_at).toBe('2026-03-02T09:20:00.000Z');
    const mine = act(KAREN, ['show', n]);
    expect(mine.thread.map((e: any) => e.kind)).not.toContain('note');
    expect(JSON.stringify(mine)).not.toContain('Known bug');
  });

  it("an end user's reply is a message; to awaiting-response it sets the ticket back to open", () => {
    act('john', ['status', n, 'awaiting-response']);
    const t = act(KAREN, ['reply', n, '--body', 'Version 16.0.'], '2026-03-02T10:10:00Z');
    expect(t.thread.at(-1)).toMatchObject({ kind: 'message', author: KAREN });
    expect(t.status).toBe('open');
    expect(last(t)).toMatchObject({ type: 'status', actor: KAREN, data: { from: 'awaiting-response', to: 'open' } });
  });

  it('reply --status sets the status in the same change', () => {
    const t = act('john', ['reply', n, '--body', 'Patched; please try.', '--status', 'Resolved'], '2026-03-02T10:20:00Z');
    expect(t).toMatchObject({ status: 'resolved', state: 'closed', resolved_at: '2026-03-02T10:20:00.000Z' });
    expect(last(t)).toMatchObject({ type: 'status', data: { from: 'open', to: 'resolved' } });
    expectRefusedUnchanged(s, ['--as', KAREN, 'ticket', 'reply', n, '--body', 'x', '--status', 'closed'], 4, /access denied/);
  });

  it('an end user replying to a resolved or closed ticket reopens it (due time from the reopen)', () => {
    const t = act(KAREN, ['reply', n, '--body', 'Still crashes.'], '2026-03-02T11:00:00Z');
    expect(t).toMatchObject({ status: 'open', state: 'open', reopened_count: 1, resolved_at: null, due_at: '2026-03-03T05:00:00.000Z' });
    expect(last(t)).toMatchObject({ type: 'reopened', actor: KAREN, data: { from: 'resolved', to: 'open' } });
    act('john', ['status', n, 'closed'], '2026-03-02T11:10:00Z');
    expect(act(KAREN, ['reply', n, '--body', 'Again.'], '2026-03-02T11:20:00Z')).toMatchObject({ status: 'open', reopened_count: 2, closed_at: null });
  });

  it('an agent may reply to a resolved ticket, not to a closed one (exit 5, hint: reopen it first)', () => {
    act('john', ['status', n, 'resolved']);
    expect(act('john', ['reply', n, '--body', 'Glad it works.']).status).toBe('resolved');
    act('john', ['status', n, 'closed']);
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'reply', n, '--body', 'One more thing.'], 5, new RegExp(`closed ticket\\nhint: reopen it first.*helpdesk ticket reopen ${n}$`, 'm'));
  });
});

describe('status transitions', () => {
  const fresh = () => create(s, KAREN, ['--subject', 'Status', '--body', 'b']);

  it('any open-state status may move to any other status', () => {
    const open = ['open', 'in-progress', 'awaiting-response'];
    for (const from of open) {
      for (const to of [...open, 'resolved', 'closed']) {
        if (from === to) continue;
        const n = fresh();
        if (from !== 'open') act('john', ['status', n, from]);
        const t = act('john', ['status', n, to]);
        expect(t.status, `${from} → ${to}`).toBe(to);
        expect(last(t)).toMatchObject({ type: 'status', data: { from, to } });
      }
    }
  });

  it('resolved may move to closed; closed may not become resolved (exit 5)', () => {
    const n = fresh();
    act('john', ['status', n, 'resolved'], '2026-03-02T10:00:00Z');
    const t = act('john', ['status', n, 'closed'], '2026-03-02T10:30:00Z');
    expect(t).toMatchObject({ status: 'closed', resolved_at: '2026-03-02T10:00:00.000Z', closed_at: '2026-03-02T10:30:00.000Z' });
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'status', n, 'resolved'], 5, /cannot become resolved/);
  });

  it('leaving resolved or closed for an open state is a reopen; reopen <n> is status <n> open', () => {
    for (const from of ['resolved', 'closed']) {
      for (const to of ['open', 'in-progress', 'awaiting-response']) {
        const n = fresh();
        act('john', ['status', n, from]);
        const t = act('john', ['status', n, to], '2026-03-02T12:00:00Z');
        expect(t).toMatchObject({ status: to, state: 'open', reopened_count: 1, resolved_at: null, closed_at: null, due_at: '2026-03-03T06:00:00.000Z' });
        expect(last(t)).toMatchObject({ type: 'reopened', data: { from, to } });
      }
    }
    const n = fresh();
    act('john', ['status', n, 'closed']);
    expect(act('john', ['reopen', n])).toMatchObject({ status: 'open', reopened_count: 1 });
    expect(last(act('john', ['show', n]))).toMatchObject({ type: 'reopened', data: { from: 'closed', to: 'open' } });
  });

  it('an end user may mark their ticket resolved and reopen it, nothing else', () => {
    const n = fresh();
    expectRefusedUnchanged(s, ['--as', KAREN, 'ticket', 'status', n, 'in-progress'], 4, /access denied/);
    expect(act(KAREN, ['status', n, 'resolved'])).toMatchObject({ status: 'resolved' });
    expect(last(act('john', ['show', n]))).toMatchObject({ type: 'status', actor: KAREN, data: { from: 'open', to: 'resolved' } });
    expectRefusedUnchanged(s, ['--as', KAREN, 'ticket', 'status', n, 'closed'], 4, /access denied/);
    expect(act(KAREN, ['reopen', n]).status).toBe('open');
    expectRefusedUnchanged(s, ['--as', KAREN, 'ticket', 'status', n, 'in-progress'], 4, /access denied/);
  });

  it('--note adds an internal note in the same change', () => {
    const n = fresh();
    const t = act('john', ['status', n, 'resolved', '--note', 'Replaced the cable.']);
    expect(t.thread.at(-1)).toMatchObject({ kind: 'note', author: 'john', body: 'Replaced the cable.' });
    expect(last(t)).toMatchObject({ type: 'status', data: { from: 'open', to: 'resolved' } });
  });

  it('the status it already has: a warning on stderr, exit 0, the ticket with --json, nothing changed', () => {
    const n = fresh();
    const before = dbDigest(s.db);
    for (const args of [['status', n, 'open'], ['reopen', n], ['status', n, 'Open']]) {
      const r = s.hd(['--as', 'john', 'ticket', ...args, '--json'], at(T1));
      expect(oneJson(r).status).toBe('open');
      expect(r.stderr).toBe(`helpdesk: warning: #${n} is already Open\n`);
      const plain = s.hd(['--as', 'john', 'ticket', ...args], at(T1));
      expect(plain.code).toBe(0);
      expect(plain.stdout).toBe('');
    }
    expect(dbDigest(s.db)).toBe(before);
  });

  it('an unknown status is a usage error (exit 2) naming the valid ones', () => {
    const n = fresh();
    expectRefusedUnchanged(s, ['--as', 'john', 'ticket', 'status', n, 'finished'], 2, /unknown status 'finished'\nhint: valid: open, in-progress, awaiting-response, resolved, closed/);
  });
});

describe('every mutating command prints the updated ticket object with --json', () => {
  it.each([
    ['assign', ['--me']], ['transfer', ['--dept', 'Accounting']], ['edit', ['--priority', 'low']], ['sla', ['Sev-B']],
    ['reply', ['--body', 'r']], ['note', ['--body', 'n']], ['status', ['in-progress']], ['reopen', []],
  ])('%s', (verb, rest) => {
    const n = create(s, KAREN, ['--subject', verb, '--body', 'b']);
    const t = act('admin', [verb, n, ...rest]);
    expect(t.number).toBe(n);
    expect(Array.isArray(t.thread)).toBe(true);
    expect(Array.isArray(t.events)).toBe(true);
  });
});
