/**
 * CONTRACT.md, The ticket object: every field, its type and null-ness; thread kinds; every event type
 * with the change it carries; notes left out for end users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../helpers/cli.js';
import { ISO_Z, KAREN, at, labSandbox } from './support.js';

let s: Sandbox;
let agentView: any;
let userView: any;
const step = (as: string, when: string, ...args: string[]) => {
  const r = s.hd(['--as', as, 'ticket', ...args], at(when));
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
};

beforeAll(() => {
  s = labSandbox();
  step(KAREN, '2026-03-02T09:00:00Z', 'create', '--subject', 'Online banking is down', '--body', 'Customers cannot log in.');
  step('john', '2026-03-02T09:05:00Z', 'sla', '100001', 'Sev-A');
  step('john', '2026-03-02T09:06:00Z', 'edit', '100001', '--topic', 'Business Critical Outage', '--priority', 'emergency');
  step('john', '2026-03-02T09:07:00Z', 'note', '100001', '--body', 'Raised to Sev-A.');
  step('john', '2026-03-02T09:08:00Z', 'assign', '100001', '--team', 'Online Banking Team', '--to', 'john');
  step('john', '2026-03-02T09:09:00Z', 'assign', '100001', '--release');
  step('john', '2026-03-02T09:10:00Z', 'transfer', '100001', '--dept', 'Online Banking');
  step('jane', '2026-03-02T09:20:00Z', 'assign', '100001', '--me');
  step('jane', '2026-03-02T09:25:00Z', 'reply', '100001', '--body', 'We are on it.', '--status', 'in-progress');
  expect(s.hd(['sla', 'check'], at('2026-03-02T10:30:00Z')).code).toBe(0);
  step('jane', '2026-03-02T10:45:00Z', 'status', '100001', 'resolved', '--note', 'Restarted the gateway.');
  step(KAREN, '2026-03-02T11:00:00Z', 'reply', '100001', '--body', 'Down again.');
  agentView = s.json(['--as', 'jane', 'ticket', 'show', '#100001'], at('2026-03-02T11:05:00Z'));
  userView = s.json(['--as', KAREN, 'ticket', 'show', '100001'], at('2026-03-02T11:05:00Z'));
});
afterAll(() => s.cleanup());

describe('the ticket object', () => {
  it('properties, as the contract spells them', () => {
    const { thread, events, clock: _clock, ...props } = agentView; // clock: an addition (the SLA clock explained)
    expect(props).toEqual({
      number: '100001', subject: 'Online banking is down', status: 'open', status_name: 'Open', state: 'open',
      priority: 'emergency', department: 'Online Banking', topic: 'Business Critical Outage',
      sla: 'Sev-A', assignee: 'jane', team: 'Online Banking Team',
      user: { name: 'Karen Jones', email: KAREN }, source: 'web',
      created_at: '2026-03-02T09:00:00.000Z', updated_at: '2026-03-02T11:00:00.000Z',
      due_at: '2026-03-02T12:00:00.000Z', overdue: false,
      first_response_due_at: null, first_response_at: '2026-03-02T09:25:00.000Z', resolved_at: null, closed_at: null,
      reopened_count: 1,
      // Working tickets together.
      links: [], parent: null, children: [], collaborators: [], time_spent_minutes: 0, merged_into: null,
      // The end user's satisfaction rating.
      csat: null,
    });
    expect(thread.length).toBe(5);
    expect(events.length).toBeGreaterThan(0);
  });

  it('thread: message (end user), reply (agent), note (internal), oldest first', () => {
    expect(agentView.thread.map((e: any) => [e.kind, e.author, e.body])).toEqual([
      ['message', KAREN, 'Customers cannot log in.'],
      ['note', 'john', 'Raised to Sev-A.'],
      ['reply', 'jane', 'We are on it.'],
      ['note', 'jane', 'Restarted the gateway.'],
      ['message', KAREN, 'Down again.'],
    ]);
    for (const e of agentView.thread) expect(e.created_at).toMatch(ISO_Z);
  });

  it('events: every type, with who, when and the change {from, to}', () => {
    const events = agentView.events.map((e: any) => [e.type, e.actor, e.at, e.data]);
    expect(events).toEqual([
      ['created', KAREN, '2026-03-02T09:00:00.000Z', {}],
      ['sla', 'john', '2026-03-02T09:05:00.000Z', expect.objectContaining({ from: 'Default SLA', to: 'Sev-A' })],
      ['edited', 'john', '2026-03-02T09:06:00.000Z', expect.objectContaining({ from: 'normal', to: 'emergency' })],
      ['edited', 'john', '2026-03-02T09:06:00.000Z', expect.objectContaining({ from: null, to: 'Business Critical Outage' })],
      ['assigned', 'john', '2026-03-02T09:08:00.000Z', expect.objectContaining({ from: null, to: 'john' })],
      ['assigned', 'john', '2026-03-02T09:08:00.000Z', expect.objectContaining({ from: null, to: 'Online Banking Team' })],
      ['released', 'john', '2026-03-02T09:09:00.000Z', expect.objectContaining({ from: 'john', to: null })],
      ['transferred', 'john', '2026-03-02T09:10:00.000Z', expect.objectContaining({ from: 'Support', to: 'Online Banking' })],
      ['assigned', 'jane', '2026-03-02T09:20:00.000Z', expect.objectContaining({ from: null, to: 'jane' })],
      ['status', 'jane', '2026-03-02T09:25:00.000Z', expect.objectContaining({ from: 'open', to: 'in-progress' })],
      ['overdue', expect.any(String), '2026-03-02T10:30:00.000Z', expect.any(Object)],
      ['status', 'jane', '2026-03-02T10:45:00.000Z', expect.objectContaining({ from: 'in-progress', to: 'resolved' })],
      ['reopened', KAREN, '2026-03-02T11:00:00.000Z', expect.objectContaining({ from: 'resolved', to: 'open' })],
    ]);
    const types = new Set(agentView.events.map((e: any) => e.type));
    expect([...types].sort()).toEqual(['assigned', 'created', 'edited', 'overdue', 'released', 'reopened', 'sla', 'status', 'transferred']);
  });

  it('for the end user: the same ticket without the notes', () => {
    expect(userView.thread.map((e: any) => e.kind)).toEqual(['message', 'reply', 'message']);
    expect(JSON.stringify(userView)).not.toContain('Restarted the gateway');
    expect(JSON.stringify(userView)).not.toContain('Raised to Sev-A');
    // Time spent is the desk's own business: null for end users.
    const { thread: _t, clock: _c, time_spent_minutes: userTime, events: userEvents, ...userProps } = userView;
    const { thread: _a, clock: _d, time_spent_minutes: _m, events: agentEvents, ...agentProps } = agentView;
    expect(userTime).toBeNull();
    expect(userProps).toEqual(agentProps);
    // Only the events that concern the end user, and no SLA clock explained (CONTRACT.md, On a terminal).
    expect(userView.clock).toBeUndefined();
    expect(agentView.clock).toBeDefined();
    const concern = ['created', 'status', 'reopened', 'merged'];
    expect(userEvents).toEqual(agentEvents.filter((e: { type: string }) => concern.includes(e.type)));
    expect(agentEvents.some((e: { type: string }) => !concern.includes(e.type))).toBe(true);
  });

  it('null when unset: assignee, team, topic, sla, due_at and the *_at fields', () => {
    expect(s.hd(['--as', 'admin', 'dept', 'add', 'No Plan Dept']).code).toBe(0);
    const t = s.json(['--as', 'admin', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 's', '--body', 'b', '--dept', 'no plan dept'], at('2026-03-02T12:00:00Z'));
    expect(t).toMatchObject({ assignee: null, team: null, topic: null, first_response_at: null, resolved_at: null, closed_at: null, first_response_due_at: null });
    expect(t.sla).toBe('Default SLA'); // the department has no plan: Default SLA
  });
});
