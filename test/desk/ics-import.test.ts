/**
 * `schedule holiday import`: an iCalendar file with all-day, multi-day, timed (TZID) and
 * recurring events (RRULE with COUNT, EXDATE), and a cancelled one, becomes the schedule's holidays.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { holidaysFromIcs } from '../../src/desk/sla/ics-import.js';
import { addSchedule } from '../../src/desk/sla/schedules.js';
import { importHolidays } from '../../src/desk/sla/edit.js';
import { labDesk, type TestDesk } from '../helpers/desk.js';

const ICS = readFileSync(join(import.meta.dirname, '../fixtures/ics/us-holidays.ics'), 'utf8');
const NOW = new Date('2026-03-01T00:00:00Z');

let d: TestDesk;
beforeEach(async () => {
  d = await labDesk();
});
afterEach(() => d.cleanup());

it('expands the RRULEs, skips the EXDATE and the cancelled event, and places timed events in the schedule zone', async () => {
  expect(await holidaysFromIcs(ICS, 'America/New_York', NOW)).toEqual([
    '2026-03-02T09:00-11:00', // 14:00-16:00Z is 09:00-11:00 EST
    '2026-05-04T10:00-12:00', // April skipped (EXDATE); in May it is EDT
    '2026-11-26', '2026-11-27', // DTEND of an all-day event is exclusive
    '2026-12-24T12:00-24:00',
    '2026-12-25', '2027-12-25', '2028-12-25', // COUNT=3
  ]);
  // The same file for a schedule in London: the timed events fall at other local hours.
  expect((await holidaysFromIcs(ICS, 'Europe/London', NOW)).filter((h) => h.includes('T'))).toEqual([
    '2026-03-02T14:00-16:00', '2026-05-04T15:00-17:00', '2026-12-24T17:00-24:00', '2026-12-25T00:00-05:00',
  ]);
});

it('adds them to the schedule in one change; importing again adds nothing', async () => {
  await addSchedule(d.at('2026-03-01T00:00:00Z'), { actor: 'admin', name: 'NY Office', hours: 'mon-fri 09:00-17:00', timezone: 'America/New_York' });
  const first = await importHolidays(d.at('2026-03-01T00:00:00Z'), 'admin', 'ny office', ICS);
  expect(first.imported.length).toBe(8);
  expect(first.schedule.holidays).toContain('2027-12-25');
  const again = await importHolidays(d.at('2026-03-01T00:00:00Z'), 'admin', 'NY Office', ICS);
  expect(again.unchanged.length).toBe(8);
  await expect(importHolidays(d.at('2026-03-01T00:00:00Z'), 'admin', 'NY Office', 'hello')).rejects.toThrow(UsageError);
  await expect(importHolidays(d.at('2026-03-01T00:00:00Z'), 'john', 'NY Office', ICS)).rejects.toMatchObject({ code: 4 });
});
