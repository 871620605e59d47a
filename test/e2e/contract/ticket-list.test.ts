/**
 * CONTRACT.md, Tickets: `ticket list` queues, filters, sorts and visibility; the summary shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../helpers/cli.js';
import { ISO_Z, KAREN, KEN, at, create, expectRefused, labSandbox, oneJson } from './support.js';

let s: Sandbox;
const NOW = at('2026-03-02T11:00:00Z');
const list = (as: string, ...args: string[]): string[] =>
  s.json(['--as', as, 'ticket', 'list', ...args], NOW).map((t: { number: string }) => t.number);

beforeAll(() => {
  s = labSandbox();
  // 100001 Karen, web, Support, normal, Default SLA (due 03-03 03:00)
  create(s, KAREN, ['--subject', 'VPN drops every hour', '--body', 'Since Monday.'], '2026-03-02T09:00:00Z');
  // 100002 Ken, outage: emergency, Sev-A, due 10:10 → overdue at 11:00
  create(s, 'john', ['--user', KEN, '--subject', 'Banking site down', '--body', 'Nothing loads.', '--topic', 'Business Critical Outage'], '2026-03-02T09:10:00Z');
  // 100003 Cliff, Online Banking, high, team only (no agent)
  create(s, 'admin', ['--user', 'cliff@example.com', '--subject', 'Transfer limits', '--body', 'Wrong limits.', '--dept', 'Online Banking', '--priority', 'high', '--team', 'Online Banking Team'], '2026-03-02T09:20:00Z');
  // 100004 Alex, low, Sev-B (due 13:30), assigned to John
  create(s, 'john', ['--user', 'alex@example.com', '--subject', 'Camera driver', '--body', 'Black image.', '--priority', 'low', '--sla', 'Sev-B', '--assign', 'john'], '2026-03-02T09:30:00Z');
  // 100005 Ken, fixed on the spot (resolved)
  create(s, 'john', ['--user', KEN, '--subject', 'Caps lock', '--body', 'Cannot log in.', '--resolve', 'Caps lock was on.'], '2026-03-02T09:40:00Z');
  // 100006 Karen; John answers it (answered queue)
  create(s, KAREN, ['--subject', 'Printer jammed', '--body', 'Paper stuck.'], '2026-03-02T09:50:00Z');
  expect(s.hd(['--as', 'john', 'ticket', 'reply', '100006', '--body', 'Open tray 2.'], at('2026-03-02T10:00:00Z')).code).toBe(0);
  // 100007 Karen, closed
  create(s, KAREN, ['--subject', 'Old laptop', '--body', 'Return it.'], '2026-03-02T09:55:00Z');
  expect(s.hd(['--as', 'john', 'ticket', 'status', '100007', 'closed'], at('2026-03-02T10:05:00Z')).code).toBe(0);
});
afterAll(() => s.cleanup());

describe('queues', () => {
  it('open (the default): open-state tickets the actor may see, most urgent first', () => {
    expect(list('admin')).toEqual(['100002', '100004', '100001', '100003', '100006']);
    expect(list('admin', '--queue', 'open')).toEqual(list('admin'));
    // John (Support, Expanded Access) does not see the Online Banking ticket.
    expect(list('john')).toEqual(['100002', '100004', '100001', '100006']);
    // Jane sees Online Banking's ticket (her department and her team).
    expect(list('jane')).toEqual(['100003']);
  });

  it('mine: open tickets assigned to the actor', () => {
    // 100006: John's reply claimed it (claim on response).
    expect(list('john', '--queue', 'mine')).toEqual(['100004', '100006']);
    expect(list('jane', '--queue', 'mine')).toEqual([]);
  });

  it('unassigned: open and no agent — a team may be set', () => {
    expect(list('admin', '--queue', 'unassigned')).toEqual(['100002', '100001', '100003']);
  });

  it('overdue: open and past due now', () => {
    expect(list('admin', '--queue', 'overdue')).toEqual(['100002']);
    expect(s.json(['--as', 'admin', 'ticket', 'list', '--queue', 'overdue'], at('2026-03-02T10:00:00Z'))).toEqual([]);
  });

  it('answered: open, the last entry an agent reply', () => {
    expect(list('admin', '--queue', 'answered')).toEqual(['100006']);
    expect(s.hd(['--as', KAREN, 'ticket', 'reply', '100006', '--body', 'Still jammed.'], at('2026-03-02T10:30:00Z')).code).toBe(0);
    expect(list('admin', '--queue', 'answered')).toEqual([]);
    expect(s.hd(['--as', 'john', 'ticket', 'reply', '100006', '--body', 'Try tray 1.'], at('2026-03-02T10:40:00Z')).code).toBe(0);
    expect(list('admin', '--queue', 'answered')).toEqual(['100006']);
  });

  it('closed and all', () => {
    expect(list('admin', '--queue', 'closed').sort()).toEqual(['100005', '100007']);
    expect(list('admin', '--queue', 'all').sort()).toEqual(['100001', '100002', '100003', '100004', '100005', '100006', '100007']);
  });

  it('an end user lists only their own tickets', () => {
    expect(list(KAREN, '--queue', 'all').sort()).toEqual(['100001', '100006', '100007']);
    expect(list(KEN, '--queue', 'all').sort()).toEqual(['100002', '100005']);
    expect(list('alex@example.com')).toEqual(['100004']);
  });

  it('an unknown queue is a usage error', () => {
    expectRefused(s.hd(['--as', 'john', 'ticket', 'list', '--queue', 'urgent']), 2, /unknown queue 'urgent'\nhint: valid: open, mine, unassigned, overdue, answered, closed, all/);
  });
});

describe('filters (case-insensitive names)', () => {
  it('--status (any state, repeatable or comma-separated)', () => {
    expect(list('admin', '--status', 'resolved')).toEqual(['100005']);
    expect(list('admin', '--status', 'Resolved,closed').sort()).toEqual(['100005', '100007']);
    expect(list('admin', '--status', 'open', '--status', 'closed').length).toBe(6);
    expectRefused(s.hd(['--as', 'admin', 'ticket', 'list', '--status', 'done']), 2, /unknown status 'done'/);
  });

  it('--dept, --assignee, --team, --sla, --priority, --user', () => {
    expect(list('admin', '--dept', 'online banking')).toEqual(['100003']);
    expect(list('admin', '--assignee', 'JOHN')).toEqual(['100004', '100006']);
    expect(list('admin', '--team', 'Online Banking Team')).toEqual(['100003']);
    expect(list('admin', '--sla', 'sev-a')).toEqual(['100002']);
    expect(list('admin', '--priority', 'High')).toEqual(['100003']);
    expect(list('admin', '--user', 'Karen@Example.com')).toEqual(['100001', '100006']);
    expect(list('admin', '--queue', 'all', '--user', KAREN, '--dept', 'Support').sort()).toEqual(['100001', '100006', '100007']);
  });

  it('unknown names: exit 3 with the valid ones', () => {
    expectRefused(s.hd(['--as', 'admin', 'ticket', 'list', '--dept', 'Banking']), 3, /no department named 'Banking'/);
    expectRefused(s.hd(['--as', 'admin', 'ticket', 'list', '--assignee', 'jon']), 3, /did you mean 'john'/);
    expectRefused(s.hd(['--as', 'admin', 'ticket', 'list', '--sla', 'Sev-D']), 3);
    expectRefused(s.hd(['--as', 'admin', 'ticket', 'list', '--user', 'nobody@example.com']), 3);
    expectRefused(s.hd(['--as', 'admin', 'ticket', 'list', '--priority', 'urgent']), 2, /unknown priority/);
  });

  it('--search words in the subject and the thread', () => {
    expect(list('admin', '--search', 'vpn')).toEqual(['100001']);
    expect(list('admin', '--queue', 'all', '--search', 'tray')).toEqual(['100006']);
    expect(list('admin', '--queue', 'all', '--search', 'caps lock')).toEqual(['100005']);
    expect(list(KEN, '--queue', 'all', '--search', '"caps lock was on"')).toEqual([]); // notes are not the end user's to search
  });
});

describe('--sort and --limit', () => {
  it('due (default for open), created, updated, priority', () => {
    expect(list('admin', '--sort', 'due')).toEqual(['100002', '100004', '100001', '100003', '100006']);
    expect(list('admin', '--sort', 'created')).toEqual(['100006', '100004', '100003', '100002', '100001']);
    expect(list('admin', '--sort', 'updated')[0]).toBe('100006');
    expect(list('admin', '--sort', 'priority')).toEqual(['100002', '100003', '100001', '100006', '100004']);
    expectRefused(s.hd(['--as', 'admin', 'ticket', 'list', '--sort', 'age']), 2, /unknown sort order 'age'/);
  });

  it('--limit n, and 0 for all', () => {
    expect(list('admin', '--queue', 'all', '--limit', '2')).toHaveLength(2);
    expect(list('admin', '--queue', 'all', '--limit', '0')).toHaveLength(7);
    expect(list('admin', '--queue', 'all', '--limit', '99999999999999999999')).toHaveLength(7);
    expectRefused(s.hd(['--as', 'admin', 'ticket', 'list', '--limit', '-1']), 2, /--limit/);
  });
});

describe('--json: an array of ticket summaries', () => {
  it('the ticket object without thread and events, every field typed', () => {
    const [t] = s.json(['--as', 'john', 'ticket', 'list', '--queue', 'mine'], NOW);
    expect(t).toEqual({
      number: '100004', subject: 'Camera driver', status: 'open', status_name: 'Open', state: 'open', priority: 'low', department: 'Support',
      topic: null, sla: 'Sev-B', assignee: 'john', team: null, user: { name: 'Alex Kamal', email: 'alex@example.com' },
      source: 'phone', created_at: '2026-03-02T09:30:00.000Z', updated_at: '2026-03-02T09:30:00.000Z', due_at: '2026-03-02T13:30:00.000Z',
      overdue: false, first_response_due_at: null, first_response_at: null, resolved_at: null, closed_at: null, reopened_count: 0,
    });
    for (const summary of s.json(['--as', 'admin', 'ticket', 'list', '--queue', 'all'], NOW)) {
      expect(summary.thread).toBeUndefined();
      expect(summary.events).toBeUndefined();
      expect(summary.number).toMatch(/^\d{6}$/);
      expect(typeof summary.overdue).toBe('boolean');
      expect(typeof summary.reopened_count).toBe('number');
      for (const k of ['created_at', 'updated_at', 'due_at']) expect(summary[k]).toMatch(ISO_Z);
      for (const k of ['first_response_due_at', 'first_response_at', 'resolved_at', 'closed_at']) {
        if (summary[k] !== null) expect(summary[k]).toMatch(ISO_Z);
      }
    }
  });

  it('an empty list is [] and exit 0', () => {
    const r = s.hd(['--as', 'jane', 'ticket', 'list', '--queue', 'mine', '--json'], NOW);
    expect(oneJson(r)).toEqual([]);
    expect(r.stderr).toBe('');
  });
});
