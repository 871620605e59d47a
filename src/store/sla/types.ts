/**
 * Service levels: business-hour schedules, SLA plans, the urgency queue, breaches and warnings, and
 * the alerts waiting for `sla check`'s digest.
 */
import type { Scope } from '../../core/access.js';
import type { TicketRow } from '../tickets/types.js';

export interface ScheduleRow { id: number; name: string; timezone: string; ranges: string; holidays: string }
export interface SlaRow {
  id: number; name: string; minutes: number; first_response_minutes: number | null;
  pause_awaiting: number; schedule_id: number | null; schedule: string | null;
}
/** The plan columns `sla edit` may change (undefined: unchanged). */
export interface SlaPatch {
  minutes?: number; firstResponseMinutes?: number | null; pauseAwaiting?: boolean; scheduleId?: number | null;
}
export interface SlaQueueFilter {
  scope: Scope;
  now: string;
  limit: number | null;
  deptId?: number;
  assigneeId?: number;
}
export interface SlaBreachRow { ticket: TicketRow; clock: 'resolution' | 'first_response'; due_at: string }
/** Where the last batch of breaches ended: its due time and ticket id. */
export interface BreachCursor { due: string; id: number }
/** An alert waiting for its sla check digest: the ticket, and the overdue event's id and JSON data. */
export interface PendingAlertRow extends TicketRow { event_id: number; event_data: string }
/** A clock that may be due a warning. */
export interface WarnCandidate { ticket: TicketRow; clock: 'resolution' | 'first_response'; due_at: string }
export interface RecordedWarning {
  ticket_id: number; at: string; clock: 'resolution' | 'first_response'; clock_start_at: string | null; due_at: string;
}

export interface SlaTx {
  schedules(): Promise<ScheduleRow[]>;
  scheduleById(id: number): Promise<ScheduleRow | null>;
  scheduleByName(name: string): Promise<ScheduleRow | null>;
  insertSchedule(s: { name: string; timezone: string; ranges: string; holidays: string }): Promise<number>;
  updateSchedule(id: number, patch: { ranges?: string; timezone?: string }): Promise<void>;
  updateScheduleHolidays(id: number, holidays: string): Promise<void>;
  /** Deletes a schedule; callers check that no plan uses it. */
  deleteSchedule(id: number): Promise<void>;

  /** Every plan, shortest target first. */
  slaPlans(): Promise<SlaRow[]>;
  slaByName(name: string): Promise<SlaRow | null>;
  slaById(id: number): Promise<SlaRow | null>;
  insertSla(p: { name: string; minutes: number; firstResponseMinutes: number | null; pauseAwaiting: boolean; scheduleId: number | null }): Promise<number>;
  updateSla(id: number, patch: SlaPatch): Promise<void>;
  /** Open tickets whose plan runs on this schedule (their due times follow its holidays). */
  openTicketsOnSchedule(scheduleId: number): Promise<TicketRow[]>;
  /** Open tickets on this plan (their due times follow its edits). */
  openTicketsOnPlan(slaId: number): Promise<TicketRow[]>;

  /** Open tickets with a pending SLA clock, most urgent first (paused clocks last). */
  slaQueue(filter: SlaQueueFilter): Promise<TicketRow[]>;
  /** Breaches not yet recorded by an `overdue` event: one per clock run (resolution) or ticket (first response). */
  slaBreaches(now: string): Promise<SlaBreachRow[]>;
  /** Up to `limit` unrecorded breaches of one clock after `after`, in (due, id) order (a backlog a batch at a time). */
  slaBreachBatch(now: string, clock: 'resolution' | 'first_response', after: BreachCursor | null, limit: number): Promise<SlaBreachRow[]>;
  /** Open clocks not yet due, without a warning (or breach) recorded for the clock run. */
  warnCandidates(now: string): Promise<WarnCandidate[]>;
  /** The `warning` events of these tickets, oldest first. */
  warningsOf(ticketIds: readonly number[]): Promise<RecordedWarning[]>;

  /** An alert for the run's digest, written with the breach's event. */
  insertPendingAlert(recipient: string, eventId: number): Promise<void>;
  /** Everyone with alerts waiting, a killed run's included. */
  pendingAlertRecipients(): Promise<string[]>;
  /** The first `limit` alerts waiting for one person, oldest breach first, and how many there are. */
  pendingAlertsOf(recipient: string, limit: number): Promise<{ rows: PendingAlertRow[]; total: number }>;
  deletePendingAlerts(recipient: string): Promise<void>;
}
