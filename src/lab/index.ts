/**
 * Running a training lab: start a scenario in a fresh training organisation, judge its steps from the
 * database, and say what to do next.
 */
import type { Action } from '../core/access.js';
import { NotFoundError, UsageError, choicesHint } from '../core/errors.js';
import { abilitiesOn } from '../desk/tickets/abilities.js';
import { iso, type DeskContext } from '../desk/context.js';
import { initOrganisation } from '../desk/init.js';
import { readSettings, writeSettings } from '../desk/settings.js';
import { showTicket } from '../desk/tickets/show.js';
import type { TicketObject } from '../desk/tickets/view.js';
import { adobeUpgrade } from './scenarios/adobe-upgrade.js';
import { bankingOutage } from './scenarios/banking-outage.js';
import { cameraDriver } from './scenarios/camera-driver.js';
import { cfoLaptop } from './scenarios/cfo-laptop.js';
import { erpOutage } from './scenarios/erp-outage.js';
import { escalation } from './scenarios/escalation.js';
import { passwordReset } from './scenarios/password-reset.js';
import type { LabView, Scenario, Step } from './types.js';

export type { Scenario, Step } from './types.js';

export const SCENARIOS: readonly Scenario[] = [
  bankingOutage, adobeUpgrade, cfoLaptop, escalation, passwordReset, erpOutage, cameraDriver,
];

export function findScenario(id: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === id.trim().toLowerCase());
  if (found) return found;
  throw new UsageError(`unknown lab scenario '${id}'`, choicesHint(id, SCENARIOS.map((s) => s.id)));
}

/** Builds the scenario's starting state in a database that holds nothing yet. */
export async function startLab(ctx: DeskContext, scenario: Scenario): Promise<{ ticket: string }> {
  await initOrganisation(ctx, { sample: 'lab', admin: 'admin' });
  const ticket = await scenario.setup(ctx);
  await writeSettings(ctx, { 'lab.scenario': scenario.id, 'lab.ticket': ticket, 'lab.started_at': iso(ctx.now) });
  return { ticket };
}

export interface StepStatus {
  n: number;
  title: string;
  role: string;
  done: boolean;
  /** For a step not done: what was done instead, when that is why ("a reply where an internal note was asked"). */
  seen?: string;
}

/**
 * Why a step is not done, when something close was done instead: the step would count if the
 * thread's replies were notes (or its notes replies). Judged by the step's own check, so it holds
 * for every scenario without a rule per step.
 */
export function seenInstead(step: Step, view: LabView): string | undefined {
  if (step.done(view)) return undefined;
  const swap = { reply: 'note', note: 'reply', message: 'message' } as const;
  const swapped: LabView = { ...view, ticket: { ...view.ticket, thread: view.ticket.thread.map((e) => ({ ...e, kind: swap[e.kind] })) } };
  if (!step.done(swapped)) return undefined;
  return step.command(view.ticket.number).startsWith('ticket note')
    ? 'saw a reply to the user where an internal note was asked (replies are visible to the end user; use ticket note)'
    : 'saw an internal note where a reply to the user was asked (notes stay internal; use ticket reply)';
}

export interface LabReport {
  scenario: string;
  title: string;
  ticket: string;
  started_at: string;
  steps: StepStatus[];
  complete: boolean;
  /** Lab-clock minutes from the start to now (or to the last change, once complete). */
  elapsed_minutes: number;
  sla: { plan: string | null; due_at: string | null; met: boolean | null };
}

interface RunningLab {
  scenario: Scenario;
  ticket: string;
  startedAt: string;
}

/** The lab running in this database; NotFoundError when there is none. */
export async function runningLab(ctx: DeskContext): Promise<RunningLab> {
  const s = await readSettings(ctx, ['lab.scenario', 'lab.ticket', 'lab.started_at']);
  if (!s['lab.scenario'] || !s['lab.ticket'] || !s['lab.started_at']) {
    throw new NotFoundError('no lab is running in this database', 'start one: helpdesk lab start banking-outage (see helpdesk lab list)');
  }
  return { scenario: findScenario(s['lab.scenario']), ticket: s['lab.ticket'], startedAt: s['lab.started_at'] };
}

async function labView(ctx: DeskContext, lab: RunningLab): Promise<LabView> {
  const ticket = await showTicket(ctx, 'admin', lab.ticket);
  const abilities: Record<string, Set<Action>> = {};
  for (const who of lab.scenario.watch ?? []) abilities[who] = await abilitiesOn(ctx, who, lab.ticket);
  return { ticket, abilities };
}

/** Every step, done or not, judged from what the ticket and its history show now. */
export async function checkLab(ctx: DeskContext): Promise<{ report: LabReport; next: Step | null; lab: RunningLab }> {
  const lab = await runningLab(ctx);
  const view = await labView(ctx, lab);
  const steps = lab.scenario.steps.map((step, i): StepStatus => {
    const seen = seenInstead(step, view);
    return { n: i + 1, title: step.title, role: step.role, done: step.done(view), ...(seen ? { seen } : {}) };
  });
  const complete = steps.every((s) => s.done);
  const nextIndex = steps.findIndex((s) => !s.done);
  return {
    lab,
    next: nextIndex < 0 ? null : lab.scenario.steps[nextIndex]!,
    report: {
      scenario: lab.scenario.id,
      title: lab.scenario.title,
      ticket: lab.ticket,
      started_at: lab.startedAt,
      steps,
      complete,
      elapsed_minutes: Math.max(0, Math.round((endOf(view.ticket, complete, ctx.now) - Date.parse(lab.startedAt)) / 60000)),
      sla: slaOutcome(view.ticket, ctx.now),
    },
  };
}

function endOf(t: TicketObject, complete: boolean, now: Date): number {
  if (!complete) return now.getTime();
  const last = [...t.events.map((e) => e.at), ...t.thread.map((e) => e.created_at)].sort().at(-1);
  return last ? Date.parse(last) : now.getTime();
}

function slaOutcome(t: TicketObject, now: Date): LabReport['sla'] {
  if (t.due_at === null) return { plan: t.sla, due_at: null, met: null };
  const end = t.resolved_at ?? t.closed_at;
  const met = end !== null ? Date.parse(end) <= Date.parse(t.due_at) : now.getTime() <= Date.parse(t.due_at) ? null : false;
  return { plan: t.sla, due_at: t.due_at, met };
}
