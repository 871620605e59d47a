import { describe, expect, it } from 'vitest';
import { parseHours, type Schedule } from '../../src/core/schedule.js';
import { businessMinutesLeft, explainClock, type ClockFacts } from '../../src/core/sla-clock.js';
import type { SlaPlan } from '../../src/core/sla.js';

const BUSINESS: Schedule = { name: 'Business Hours', timezone: 'UTC', ranges: parseHours('mon-fri 08:00-17:00'), holidays: [] };
const SEV_C: SlaPlan = { id: 4, name: 'Sev-C', minutes: 480, firstResponseMinutes: null, pauseAwaiting: false, schedule: BUSINESS };
const FRIDAY = '2026-03-06T16:00:00.000Z';

function facts(extra: Partial<ClockFacts> = {}): ClockFacts {
  return {
    plan: SEV_C, state: 'open', createdAt: FRIDAY, clockStartAt: FRIDAY, pausedMinutes: 0, pausedAt: null,
    dueAt: '2026-03-09T15:00:00.000Z', firstResponseDueAt: null, firstResponseAt: null, resolvedAt: null,
    reopenedCount: 0, planChanges: [], ...extra,
  };
}

describe('explainClock', () => {
  it('explains the Adobe-upgrade ticket: Friday 16:00 + 8 business hours is Monday 15:00', () => {
    const c = explainClock(facts(), new Date('2026-03-09T14:00:00Z'), 'UTC');
    expect(c).toEqual({
      plan: { name: 'Sev-C', hours: 8, first_response_hours: null, pause_awaiting: false },
      schedule: { name: 'Business Hours', hours: 'mon-fri 08:00-17:00', timezone: 'UTC', holidays: [] },
      started_at: FRIDAY, started_by: 'created', state: 'running', due_at: '2026-03-09T15:00:00.000Z', overdue: false,
      business_minutes_left: 60, paused_at: null, paused_minutes: 0, first_response: null,
      explanation: [
        'Plan Sev-C: resolve within 8h of business time on Business Hours (mon-fri 08:00-17:00, time zone UTC).',
        'Clock started Fri 2026-03-06 16:00 when the ticket was created.',
        'Counted 8h of open hours: Fri 2026-03-06 16:00–17:00 (1h), Mon 2026-03-09 08:00–15:00 (7h) → due Mon 2026-03-09 15:00.',
        '1h of business time left; due Mon 2026-03-09 15:00 if nothing changes.',
      ],
    });
  });

  it('says when the clock is overdue, and shows times in the desk time zone', () => {
    const c = explainClock(facts(), new Date('2026-03-09T18:30:00Z'), 'Europe/Berlin');
    expect(c.overdue).toBe(true);
    expect(c.business_minutes_left).toBe(-120);
    expect(c.explanation[0]).toMatch(/time zone UTC\)\. Times below are in Europe\/Berlin\.$/);
    expect(c.explanation.at(-1)).toBe('Overdue by 3h 30m (due Mon 2026-03-09 16:00).');
  });

  it('explains a start outside hours, holidays, pauses and a reopen', () => {
    const plan = { ...SEV_C, pauseAwaiting: true, schedule: { ...BUSINESS, holidays: ['2026-03-10'] } };
    // Reopened Saturday; 8 h + 2 h paused from Monday 08:00, skipping Tuesday: Mon 9 h + Wed 1 h.
    const c = explainClock(facts({
      plan, clockStartAt: '2026-03-07T10:00:00.000Z', reopenedCount: 1, pausedMinutes: 120, pausedAt: '2026-03-11T08:30:00.000Z',
      dueAt: '2026-03-11T09:00:00.000Z',
    }), new Date('2026-03-11T10:00:00Z'), 'UTC');
    expect(c.state).toBe('paused');
    expect(c.started_by).toBe('reopened');
    expect(c.paused_minutes).toBe(210);
    expect(c.business_minutes_left).toBe(30);
    expect(c.overdue).toBe(false);
    expect(c.explanation.slice(1)).toEqual([
      'Clock restarted Sat 2026-03-07 10:00 when the ticket was reopened (reopened 1×); time before that no longer counts.',
      'That was outside business hours, so counting began at the next opening, Mon 2026-03-09 08:00.',
      'Counted 8h target + 2h paused = 10h of open hours: Mon 2026-03-09 08:00–17:00 (9h), Wed 2026-03-11 08:00–09:00 (1h) → due Wed 2026-03-11 09:00.',
      'Skipped holiday 2026-03-10 (closed all day).',
      'Paused earlier for 2h of business time while awaiting the end user; that much was added to the due time.',
      'Paused since Wed 2026-03-11 08:30 (awaiting the end user, 1h 30m of business time so far): the due time moves later by the paused time when the ticket leaves Awaiting Response.',
      '30m of business time left when the clock resumes; due Wed 2026-03-11 09:00 if nothing changes.',
    ]);
  });

  it.each<[string, string, string]>([
    ['met', '2026-03-09T14:00:00.000Z', 'Resolved Mon 2026-03-09 14:00, 1h before the due time: target met.'],
    ['missed', '2026-03-10T09:00:00.000Z', 'Resolved Tue 2026-03-10 09:00, 18h after the due time: target missed.'],
  ])('says whether a resolved ticket %s its target', (_name, resolvedAt, line) => {
    const c = explainClock(facts({ state: 'closed', resolvedAt }), new Date('2026-03-12T00:00:00Z'), 'UTC');
    expect(c.state).toBe('stopped');
    expect(c.business_minutes_left).toBeNull();
    expect(c.explanation.at(-1)).toBe(line);
  });

  it('explains plan changes, first response and drift from an edited plan', () => {
    const plan = { ...SEV_C, name: 'Sev-A', minutes: 60, schedule: null, firstResponseMinutes: 30 };
    const c = explainClock(facts({
      plan, dueAt: '2026-03-06T17:00:00.000Z', firstResponseDueAt: '2026-03-06T16:30:00.000Z', firstResponseAt: '2026-03-06T16:45:00.000Z',
      planChanges: [{ at: '2026-03-06T16:10:00.000Z', from: 'Default SLA', to: 'Sev-A' }],
    }), new Date('2026-03-06T16:50:00Z'), 'UTC');
    expect(c.first_response).toEqual({ due_at: '2026-03-06T16:30:00.000Z', at: '2026-03-06T16:45:00.000Z', met: false, overdue: false });
    expect(c.explanation).toEqual([
      'Plan Sev-A: resolve within 1h counted round the clock (24/7); first response within 30m.',
      'Plan changed from Default SLA to Sev-A on Fri 2026-03-06 16:10; due times were recomputed from the clock\'s start.',
      'Clock started Fri 2026-03-06 16:00 when the ticket was created.',
      'Counted round the clock: 1h → due Fri 2026-03-06 17:00.',
      '10m of business time left; due Fri 2026-03-06 17:00 if nothing changes.',
      'First response due Fri 2026-03-06 16:30; answered Fri 2026-03-06 16:45: missed.',
    ]);
    const drift = explainClock(facts({ dueAt: '2026-03-09T12:00:00.000Z' }), new Date('2026-03-09T10:00:00Z'), 'UTC');
    expect(drift.explanation).toContain('The plan or its schedule was edited after this due time was set; it is kept as computed then (today it would be Mon 2026-03-09 15:00).');
  });

  it('has nothing to explain without a plan', () => {
    const c = explainClock(facts({ plan: null, dueAt: null }), new Date('2026-03-09T10:00:00Z'), 'UTC');
    expect(c.state).toBe('none');
    expect(c.explanation).toEqual(['No SLA plan: this ticket has no due time.']);
  });
});

describe('businessMinutesLeft', () => {
  it.each<[string, string | null, string, number]>([
    ['2026-03-09T15:00:00Z', null, '2026-03-06T16:30:00Z', 450],
    ['2026-03-09T15:00:00Z', null, '2026-03-09T16:00:00Z', -60],
    ['2026-03-09T15:00:00Z', null, '2026-03-10T09:00:00Z', -180],
    // Frozen at the pause: the time after it does not count.
    ['2026-03-09T15:00:00Z', '2026-03-09T14:00:00Z', '2026-03-12T00:00:00Z', 60],
  ])('due %s, paused %s, now %s → %d', (due, pausedAt, now, expected) => {
    expect(businessMinutesLeft(SEV_C, due, pausedAt, new Date(now))).toBe(expected);
  });
});
