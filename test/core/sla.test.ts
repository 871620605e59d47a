import { describe, expect, it } from 'vitest';
import { parseHours, type Schedule } from '../../src/core/schedule.js';
import { clockAfterStatusChange, dueFor, dueTimes, isOverdue, type ClockState, type SlaPlan } from '../../src/core/sla.js';

// 2026-03-02 is a Monday; 2026-03-06 a Friday; 2026-03-09 the next Monday.
const at = (iso: string) => new Date(iso);

function businessHours(holidays: string[] = []): Schedule {
  return { name: 'Business Hours', timezone: 'UTC', ranges: parseHours('mon-fri 08:00-17:00'), holidays };
}

function plan(p: Partial<SlaPlan> & { minutes: number }): SlaPlan {
  return { id: 1, name: 'plan', firstResponseMinutes: null, pauseAwaiting: false, schedule: null, ...p };
}

const DEFAULT = plan({ name: 'Default SLA', minutes: 18 * 60 });
const SEV_A = plan({ name: 'Sev-A', minutes: 60 });
const SEV_C = plan({ name: 'Sev-C', minutes: 8 * 60, schedule: businessHours() });

describe('dueTimes on a 24/7 plan', () => {
  it.each([
    { plan: DEFAULT, start: '2026-03-02T09:00:00.000Z', due: '2026-03-03T03:00:00.000Z' },
    { plan: SEV_A, start: '2026-03-02T09:00:00.000Z', due: '2026-03-02T10:00:00.000Z' },
    { plan: SEV_A, start: '2026-03-07T23:30:00.000Z', due: '2026-03-08T00:30:00.000Z' }, // weekends count
    { plan: DEFAULT, start: '2026-03-06T16:00:00.000Z', due: '2026-03-07T10:00:00.000Z' },
  ])('$plan.name from $start → $due', ({ plan: p, start, due }) => {
    expect(dueTimes(p, at(start), at(start))).toEqual({ dueAt: at(due), firstResponseDueAt: null });
  });

  it('the resolution clock runs from clockStart, the first-response clock from creation', () => {
    const p = plan({ minutes: 18 * 60, firstResponseMinutes: 60 });
    expect(dueTimes(p, at('2026-03-02T09:00:00Z'), at('2026-03-04T10:00:00Z'))).toEqual({
      dueAt: at('2026-03-05T04:00:00Z'),
      firstResponseDueAt: at('2026-03-02T10:00:00Z'),
    });
  });

  it('paused minutes push the resolution due time later, never the first response', () => {
    const p = plan({ minutes: 18 * 60, firstResponseMinutes: 60 });
    expect(dueTimes(p, at('2026-03-02T09:00:00Z'), at('2026-03-02T09:00:00Z'), 30)).toEqual({
      dueAt: at('2026-03-03T03:30:00Z'),
      firstResponseDueAt: at('2026-03-02T10:00:00Z'),
    });
  });
});

describe('dueTimes on mon-fri 08:00-17:00 UTC (Sev-C, 8 business hours)', () => {
  it.each([
    { name: 'Friday 16:00 carries over the weekend', start: '2026-03-06T16:00:00Z', due: '2026-03-09T15:00:00Z' },
    { name: 'Saturday starts at Monday opening', start: '2026-03-07T10:00:00Z', due: '2026-03-09T16:00:00Z' },
    { name: 'Sunday night starts at Monday opening', start: '2026-03-08T23:59:00Z', due: '2026-03-09T16:00:00Z' },
    { name: 'before opening starts at 08:00', start: '2026-03-02T07:00:00Z', due: '2026-03-02T16:00:00Z' },
    { name: 'using up the day exactly ends at the close', start: '2026-03-02T09:00:00Z', due: '2026-03-02T17:00:00Z' },
    { name: 'at the close starts next morning', start: '2026-03-02T17:00:00Z', due: '2026-03-03T16:00:00Z' },
    { name: 'midday spans to the next midday', start: '2026-03-05T12:00:00Z', due: '2026-03-06T11:00:00Z' },
    { name: 'Friday after close starts Monday', start: '2026-03-06T17:30:00Z', due: '2026-03-09T16:00:00Z' },
  ])('$name: $start → $due', ({ start, due }) => {
    expect(dueTimes(SEV_C, at(start), at(start)).dueAt.toISOString()).toBe(at(due).toISOString());
  });

  it('a whole business week (45 h) lands on the same hour a week later', () => {
    const week = plan({ minutes: 45 * 60, schedule: businessHours() });
    expect(dueTimes(week, at('2026-03-02T09:00:00Z'), at('2026-03-02T09:00:00Z')).dueAt.toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('holidays are skipped', () => {
    const p = plan({ minutes: 8 * 60, schedule: businessHours(['2026-03-09']) });
    expect(dueTimes(p, at('2026-03-06T16:00:00Z'), at('2026-03-06T16:00:00Z')).dueAt.toISOString()).toBe('2026-03-10T15:00:00.000Z');
  });

  it('first response and pauses are counted in business time too', () => {
    const p = plan({ minutes: 8 * 60, firstResponseMinutes: 120, schedule: businessHours() });
    const created = at('2026-03-06T16:00:00Z');
    expect(dueTimes(p, created, created)).toEqual({ dueAt: at('2026-03-09T15:00:00Z'), firstResponseDueAt: at('2026-03-09T09:00:00Z') });
    expect(dueTimes(p, created, created, 60)).toEqual({ dueAt: at('2026-03-09T16:00:00Z'), firstResponseDueAt: at('2026-03-09T09:00:00Z') });
  });
});

describe('dueFor', () => {
  const clock = { createdAt: '2026-03-02T09:00:00.000Z', clockStartAt: '2026-03-02T09:00:00.000Z', pausedMinutes: 0 };

  it('no plan: no due times', () => {
    expect(dueFor(null, clock)).toEqual({ dueAt: null, firstResponseDueAt: null });
  });
  it('24/7 plan: ISO strings', () => {
    expect(dueFor(DEFAULT, clock)).toEqual({ dueAt: '2026-03-03T03:00:00.000Z', firstResponseDueAt: null });
  });
  it('with a first-response target', () => {
    expect(dueFor(plan({ minutes: 240, firstResponseMinutes: 30 }), clock)).toEqual({
      dueAt: '2026-03-02T13:00:00.000Z',
      firstResponseDueAt: '2026-03-02T09:30:00.000Z',
    });
  });
  it('business plan from a reopen, with paused minutes', () => {
    expect(dueFor(SEV_C, { createdAt: '2026-03-02T09:00:00.000Z', clockStartAt: '2026-03-06T16:00:00.000Z', pausedMinutes: 30 }))
      .toEqual({ dueAt: '2026-03-09T15:30:00.000Z', firstResponseDueAt: null });
  });
});

describe('clockAfterStatusChange', () => {
  const PAUSING = plan({ name: 'Pausing', minutes: 18 * 60, firstResponseMinutes: 60, pauseAwaiting: true });
  const PAUSING_BH = plan({ name: 'Pausing BH', minutes: 8 * 60, pauseAwaiting: true, schedule: businessHours() });

  const running: ClockState = {
    createdAt: '2026-03-02T09:00:00.000Z', clockStartAt: '2026-03-02T09:00:00.000Z', pausedMinutes: 0, pausedAt: null,
  };
  const pausedSince = (pausedAt: string, pausedMinutes = 0): ClockState => ({ ...running, pausedAt, pausedMinutes });
  const change = (from: string, to: string, reopen = false) => ({ from, to, reopen });

  describe('a reopen restarts the clock from now', () => {
    it.each([
      { name: '24/7, resolved → open', p: DEFAULT, c: change('resolved', 'open', true), now: '2026-03-05T10:00:00.000Z', due: '2026-03-06T04:00:00.000Z' },
      { name: '24/7, closed → in-progress', p: SEV_A, c: change('closed', 'in-progress', true), now: '2026-03-05T10:00:00.000Z', due: '2026-03-05T11:00:00.000Z' },
      { name: 'business hours, Friday 16:00', p: SEV_C, c: change('resolved', 'open', true), now: '2026-03-06T16:00:00.000Z', due: '2026-03-09T15:00:00.000Z' },
      { name: 'no plan', p: null, c: change('closed', 'open', true), now: '2026-03-05T10:00:00.000Z', due: null },
    ])('$name', ({ p, c, now, due }) => {
      expect(clockAfterStatusChange(p, running, c, at(now))).toEqual({ clockStartAt: now, pausedMinutes: 0, pausedAt: null, dueAt: due });
    });

    it('drops earlier paused minutes and a running pause', () => {
      const now = '2026-03-05T10:00:00.000Z';
      expect(clockAfterStatusChange(PAUSING, pausedSince('2026-03-04T10:00:00.000Z', 90), change('resolved', 'open', true), at(now)))
        .toEqual({ clockStartAt: now, pausedMinutes: 0, pausedAt: null, dueAt: '2026-03-06T04:00:00.000Z' });
    });

    it('reopening straight into awaiting-response on a pausing plan starts the clock paused', () => {
      // CONTRACT.md: the plan pauses its clock *while* the ticket is awaiting-response — however it got there.
      const now = '2026-03-05T10:00:00.000Z';
      const update = clockAfterStatusChange(PAUSING, running, change('resolved', 'awaiting-response', true), at(now));
      expect(update.clockStartAt).toBe(now);
      expect(update.pausedMinutes).toBe(0);
      expect(update.pausedAt).toBe(now);
    });
  });

  describe('entering awaiting-response', () => {
    it.each([
      { name: 'pausing plan, from open: pause starts now', p: PAUSING, clock: running, from: 'open', out: { pausedAt: '2026-03-02T10:00:00.000Z' } },
      { name: 'pausing plan, from in-progress: pause starts now', p: PAUSING, clock: running, from: 'in-progress', out: { pausedAt: '2026-03-02T10:00:00.000Z' } },
      { name: 'pausing plan, already paused: nothing', p: PAUSING, clock: pausedSince('2026-03-02T09:30:00.000Z'), from: 'open', out: {} },
      { name: 'plan that does not pause: nothing', p: DEFAULT, clock: running, from: 'open', out: {} },
      { name: 'business plan that does not pause: nothing', p: SEV_C, clock: running, from: 'in-progress', out: {} },
      { name: 'no plan: nothing', p: null, clock: running, from: 'open', out: {} },
    ])('$name', ({ p, clock, from, out }) => {
      expect(clockAfterStatusChange(p, clock, change(from, 'awaiting-response'), at('2026-03-02T10:00:00.000Z'))).toEqual(out);
    });
  });

  describe('leaving awaiting-response adds the paused business minutes back', () => {
    it('24/7: two hours paused on top of 15 earlier minutes', () => {
      const update = clockAfterStatusChange(PAUSING, pausedSince('2026-03-02T10:00:00.000Z', 15), change('awaiting-response', 'open'), at('2026-03-02T12:00:00.000Z'));
      expect(update).toEqual({
        pausedMinutes: 135,
        pausedAt: null,
        dueAt: '2026-03-03T05:15:00.000Z', // 09:00 + 18 h + 2 h 15 m; the first response does not move
      });
    });

    it('business hours: only open hours count (Fri 16:00 → Mon 09:00 is 2 h)', () => {
      const clock: ClockState = {
        createdAt: '2026-03-06T14:00:00.000Z', clockStartAt: '2026-03-06T14:00:00.000Z', pausedMinutes: 0, pausedAt: '2026-03-06T16:00:00.000Z',
      };
      const update = clockAfterStatusChange(PAUSING_BH, clock, change('awaiting-response', 'in-progress'), at('2026-03-09T09:00:00.000Z'));
      // Unpaused: Fri 14–17 (3 h) + Mon 08–13 (5 h) → Mon 13:00; plus 2 h paused → Mon 15:00.
      expect(update).toEqual({ pausedMinutes: 120, pausedAt: null, dueAt: '2026-03-09T15:00:00.000Z' });
    });

    it('resolving while paused also ends the pause', () => {
      const update = clockAfterStatusChange(PAUSING, pausedSince('2026-03-02T10:00:00.000Z'), change('awaiting-response', 'resolved'), at('2026-03-02T10:30:00.000Z'));
      expect(update).toEqual({ pausedMinutes: 30, pausedAt: null, dueAt: '2026-03-03T03:30:00.000Z' });
    });

    it('no running pause (the plan does not pause): nothing', () => {
      expect(clockAfterStatusChange(DEFAULT, running, change('awaiting-response', 'open'), at('2026-03-02T12:00:00.000Z'))).toEqual({});
      expect(clockAfterStatusChange(PAUSING, running, change('awaiting-response', 'open'), at('2026-03-02T12:00:00.000Z'))).toEqual({});
    });
  });

  it.each([
    change('open', 'in-progress'),
    change('in-progress', 'open'),
    change('open', 'resolved'),
    change('in-progress', 'closed'),
    change('resolved', 'closed'),
  ])('other changes leave the clock alone: $from → $to', (c) => {
    expect(clockAfterStatusChange(PAUSING, running, c, at('2026-03-02T12:00:00.000Z'))).toEqual({});
  });
});

describe('isOverdue', () => {
  const DUE = '2026-03-02T10:00:00.000Z';
  it.each<['open' | 'closed', string | null, string, boolean]>([
    ['open', DUE, '2026-03-02T09:59:59.999Z', false],
    ['open', DUE, '2026-03-02T10:00:00.000Z', false],
    ['open', DUE, '2026-03-02T10:00:00.001Z', true],
    ['open', DUE, '2026-03-09T10:00:00.000Z', true],
    ['closed', DUE, '2026-03-09T10:00:00.000Z', false],
    ['open', null, '2026-03-09T10:00:00.000Z', false],
    ['closed', null, '2026-03-09T10:00:00.000Z', false],
  ])('state %s, due %s, now %s → %s', (state, due, now, expected) => {
    expect(isOverdue(state, due, at(now))).toBe(expected);
  });
});
