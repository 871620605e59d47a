/**
 * Ticket lists: an aligned, colored table on a terminal that fits its width; tab-separated rows when
 * piped (a header row with `--header`) (number, status, priority, department, assignee, team, user, due_at, overdue, subject).
 */
import { fitTable, type FitColumn } from './fit.js';
import type { TicketSummary } from '../../desk/tickets/view.js';
import { priorityColor, statusColor, statusLabel, tsvRow, type Style } from './style.js';
import { forTerminal } from './sanitize.js';
import { dueText } from './time.js';

/** The TSV fields, for `--header`. */
export const TICKET_TSV_HEAD = ['number', 'status', 'priority', 'department', 'assignee', 'team', 'user', 'due_at', 'overdue', 'subject'];

export function ticketsTsv(tickets: readonly TicketSummary[], header = false): string {
  return (header ? tsvRow(TICKET_TSV_HEAD) : '') + tickets.map(ticketTsv).join('');
}

/** One ticket's TSV line (for lists streamed a row at a time). */
export function ticketTsv(t: TicketSummary): string {
  return tsvRow([
    t.number, t.status, t.priority, t.department, t.assignee, t.team, t.user.email, t.due_at,
    t.overdue ? 'overdue' : '', t.subject,
  ]);
}

/** Due column: relative time, red when overdue; closed tickets show their status time instead. */
export function dueCell(s: Style, t: TicketSummary, now: Date): string {
  if (t.state === 'closed') return s.gray('—');
  const text = dueText(t.due_at, now);
  if (text === null) return s.gray('no SLA');
  if (t.overdue) return s.red.bold(text);
  const left = Date.parse(t.due_at!) - now.getTime();
  // Past due yet not overdue: the clock is paused while the ticket awaits the end user.
  if (left < 0) return s.yellow('paused');
  return left < 60 * 60 * 1000 ? s.yellow(text) : text;
}

/**
 * Columns of the ticket table, as they give way on a narrow terminal: the subject is cut first (down
 * to 24 columns), then the widest of the others; the number and the due time are never cut; the
 * department, then the priority, go when even the narrowest cut does not fit.
 */
const TICKET_COLUMNS: readonly FitColumn[] = [
  { head: 'Ticket', keep: true },
  { head: 'Subject', min: 16, soft: 24 },
  { head: 'Status', min: 8 },
  { head: 'Pri', min: 6, drop: 1 },
  { head: 'Dept', min: 6, drop: 2 },
  { head: 'Assignee', min: 6 },
  { head: 'Due', keep: true },
];

export function ticketsTable(s: Style, raw: readonly TicketSummary[], now: Date, columns: number): string {
  const tickets = forTerminal(raw);
  const rows = tickets.map((t) => [
    `#${t.number}`,
    t.subject.replace(/\s+/g, ' '),
    statusColor(s, t.status)(statusLabel(t.status, t.status_name)),
    priorityColor(s, t.priority)(t.priority),
    t.department,
    t.assignee ?? (t.team ? s.cyan(t.team) : s.gray('—')),
    dueCell(s, t, now),
  ]);
  return fitTable(s, TICKET_COLUMNS, rows, columns);
}

