/**
 * SLA plans (`sla add`, `sla list`; `sla edit` is in edit.ts beside `schedule edit`, as both
 * recompute open tickets' due times): defined by admins, listed by any agent.
 */
import { ConflictError, named, says, UsageError } from '../../core/errors.js';
import { parseTargetHours } from '../../core/sla.js';
import { requireReachable } from '../../core/sla-rules.js';
import { loadActiveActor, requireAdmin, requireAgent } from '../actor.js';
import type { DeskContext } from '../context.js';
import { parseName, scheduleOf, findSchedule } from './schedules.js';

/** An SLA plan as `sla list --json` shows it. Hours may be fractional; minutes are what is stored. */
export interface SlaView {
  name: string;
  hours: number;
  minutes: number;
  first_response_hours: number | null;
  first_response_minutes: number | null;
  /** null: counted round the clock (24/7). */
  schedule: string | null;
  pause_awaiting: boolean;
}

export interface AddSlaInput {
  actor: string;
  name: string;
  hours: string;
  firstResponse?: string;
  schedule?: string;
  pauseAwaiting?: boolean;
}

/** Creates an SLA plan; targets are hours (fractions allowed) stored as whole minutes. */
export async function addSla(ctx: DeskContext, input: AddSlaInput): Promise<SlaView> {
  const name = parseName(input.name, 'SLA plan');
  const minutes = parseTargetHours(input.hours, named('hours'));
  const firstResponse = input.firstResponse === undefined ? null : parseTargetHours(input.firstResponse, named('firstResponse'));
  if (firstResponse !== null && firstResponse > minutes) {
    throw new UsageError(says`${named('firstResponse')} is longer than the resolution target (${named('hours')})`, says`a first reply comes before the resolution, e.g. ${named('hours')} 8 ${named('firstResponse')} 1`);
  }
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, input.actor), 'add SLA plans');
    const schedule = input.schedule === undefined ? null : await findSchedule(tx, input.schedule);
    requireReachable({ name, minutes, firstResponseMinutes: firstResponse, schedule: schedule && scheduleOf(schedule) });
    if (await tx.sla.slaByName(name)) throw new ConflictError(`SLA plan '${name}' already exists`, 'pick another name; see them with: helpdesk sla list');
    await tx.sla.insertSla({ name, minutes, firstResponseMinutes: firstResponse, pauseAwaiting: input.pauseAwaiting === true, scheduleId: schedule?.id ?? null });
    return slaView({ name, minutes, first_response_minutes: firstResponse, schedule: schedule?.name ?? null, pause_awaiting: input.pauseAwaiting ? 1 : 0 });
  });
}

/** Every SLA plan, shortest target first (any agent may look). */
export async function listSla(ctx: DeskContext, actor: string): Promise<SlaView[]> {
  return ctx.store.read(async (tx) => {
    requireAgent(await loadActiveActor(tx, actor), 'list SLA plans');
    return (await tx.sla.slaPlans()).map(slaView);
  });
}

const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10000) / 10000;

export function slaView(p: { name: string; minutes: number; first_response_minutes: number | null; schedule: string | null; pause_awaiting: number }): SlaView {
  return {
    name: p.name,
    hours: hoursOf(p.minutes),
    minutes: p.minutes,
    first_response_hours: p.first_response_minutes === null ? null : hoursOf(p.first_response_minutes),
    first_response_minutes: p.first_response_minutes,
    schedule: p.schedule,
    pause_awaiting: p.pause_awaiting === 1,
  };
}
