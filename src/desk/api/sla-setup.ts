/**
 * Declared use cases: setting up SLA plans and schedules, and simulating a plan (how a
 * declaration reads: declare.ts). Changes are for admins; the desk refuses others as it does locally.
 */
import { addSchedule, changeHolidays, listSchedules, type HolidayChange, type ScheduleView } from '../sla/schedules.js';
import { addSla, type SlaView } from '../sla/plans.js';
import { editSchedule, editSla, importHolidays, removeSchedule, type EditResult } from '../sla/edit.js';
import { simulateSla, type Simulation } from '../sla/simulate.js';
import { flag, obj, oneOf, str, text, type UseCase } from './declare.js';

const PLAN = str('SLA plan');
const SCHEDULE = str('schedule');
const HOURS = str('hours, e.g. 8 or 0.5');
const WEEK = str('weekly hours, e.g. "Mon-Fri 09:00-17:00"', 1000);

interface PlanFields { name: string; hours?: string; firstResponse?: string; schedule?: string; pauseAwaiting?: boolean }
const PLAN_FIELDS = {
  name: PLAN, hours: HOURS, firstResponse: str('first-response target in hours (edit: none drops it)'),
  schedule: str('schedule (edit: none for 24/7)'), pauseAwaiting: flag('pause the clock while awaiting the user'),
};

export const slaAdd: UseCase<PlanFields & { hours: string }, SlaView> = {
  name: 'sla.add', summary: 'add an SLA plan (admins)', permission: 'admin', input: obj(PLAN_FIELDS, ['name', 'hours']),
  http: { method: 'POST', path: '/api/v1/sla', created: true }, output: 'SlaPlan',
  run: (ctx, actor, i) => addSla(ctx, { ...i, actor }),
};

export const slaEdit: UseCase<PlanFields, EditResult<SlaView>> = {
  name: 'sla.edit', summary: "change an SLA plan's targets, schedule or pausing (admins); open tickets follow", permission: 'admin',
  input: obj(PLAN_FIELDS, ['name']),
  run: (ctx, actor, i) => editSla(ctx, { ...i, actor }),
};

export const slaSimulate: UseCase<{ plan: string; since?: string; until?: string }, Simulation> = {
  name: 'sla.simulate', summary: 'what past tickets would have done under another plan (agents)', permission: 'agent',
  input: obj({ plan: PLAN, since: str('30d, 12h, 2w or a date'), until: str('a date or timestamp') }, ['plan']),
  http: { method: 'GET', path: '/api/v1/sla/simulate' }, output: 'Simulation',
  run: (ctx, actor, i) => simulateSla(ctx, { ...i, actor }),
};

export const scheduleList: UseCase<object, ScheduleView[]> = {
  name: 'schedule.list', summary: 'the business-hours schedules (agents)', permission: 'agent', input: obj({}),
  http: { method: 'GET', path: '/api/v1/schedules' }, output: 'List',
  run: (ctx, actor) => listSchedules(ctx, actor),
};

export const scheduleAdd: UseCase<{ name: string; hours: string; holidays?: string[]; timezone?: string }, ScheduleView> = {
  name: 'schedule.add', summary: 'add a schedule (admins)', permission: 'admin',
  input: obj({ name: SCHEDULE, hours: WEEK, holidays: { type: 'array', items: str('a date, a range or a yearly day'), maxItems: 1000 }, timezone: str('IANA time zone') }, ['name', 'hours']),
  http: { method: 'POST', path: '/api/v1/schedules', created: true }, output: 'Schedule',
  run: (ctx, actor, i) => addSchedule(ctx, { ...i, actor }),
};

export const scheduleEdit: UseCase<{ name: string; hours?: string; timezone?: string }, EditResult<ScheduleView>> = {
  name: 'schedule.edit', summary: "change a schedule's hours or time zone (admins); open tickets follow", permission: 'admin',
  input: obj({ name: SCHEDULE, hours: WEEK, timezone: str('IANA time zone') }, ['name']),
  run: (ctx, actor, i) => editSchedule(ctx, { ...i, actor }),
};

export const scheduleRemove: UseCase<{ name: string }, ScheduleView> = {
  name: 'schedule.remove', summary: 'delete a schedule no SLA plan uses (admins)', permission: 'admin',
  input: obj({ name: SCHEDULE }, ['name']),
  run: (ctx, actor, i) => removeSchedule(ctx, actor, i.name),
};

export const scheduleHolidays: UseCase<{ schedule: string; dates: string[]; mode: 'add' | 'remove' }, HolidayChange> = {
  name: 'schedule.holidays', summary: 'add or remove holidays of a schedule (admins)', permission: 'admin',
  input: obj({ schedule: SCHEDULE, dates: { type: 'array', items: str('a date, a range or a yearly day'), maxItems: 1000 }, mode: oneOf(['add', 'remove']) }, ['schedule', 'dates', 'mode']),
  run: (ctx, actor, i) => changeHolidays(ctx, actor, i.schedule, i.dates, i.mode),
};

export const scheduleHolidayImport: UseCase<{ schedule: string; ics: string }, HolidayChange & { imported: string[] }> = {
  name: 'schedule.holiday-import', summary: 'add the holidays of an iCalendar (.ics) file (admins)', permission: 'admin',
  input: obj({ schedule: SCHEDULE, ics: text('the .ics text') }, ['schedule', 'ics']),
  run: (ctx, actor, i) => importHolidays(ctx, actor, i.schedule, i.ics),
};
