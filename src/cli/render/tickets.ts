/**
 * Ticket lists: an aligned, colored table on a terminal; tab-separated rows without a header when
 * piped (number, status, priority, department, assignee, team, user, due_at, overdue, subject).
 */
import { newTable } from './table.js';
import { STATUS_INFO } from '../../core/model.js';
import type { TicketSummary } from '../../desk/ticket-view.js';
import { priorityColor, statusColor, tsvRow, type Style } from './style.js';
import { forTerminal } from './sanitize.js';
import { dueText } from './time.js';

export function ticketsTsv(tickets: readonly TicketSummary[]): string {
  return tickets.map((t) => tsvRow([
    t.number, t.status, t.priority, t.department, t.assignee, t.team, t.user.email, t.due_at,
    t.overdue ? 'overdue' : '', t.subject,
  ])).join('');
}

function truncate(text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, Math.max(1, width - 1))}…`;
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

export function ticketsTable(s: Style, raw: readonly TicketSummary[], now: Date, columns: number): string {
  const tickets = forTerminal(raw);
  const fixed = ['Ticket', 'Status', 'Pri', 'Dept', 'Assignee', 'Due'];
  const table = newTable({
    head: [fixed[0]!, 'Subject', ...fixed.slice(1)].map((h) => s.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: false,
  });
  const rows = tickets.map((t) => ({
    t,
    cells: [
      `#${t.number}`,
      statusColor(s, t.status)(STATUS_INFO[t.status].display),
      priorityColor(s, t.priority)(t.priority),
      t.department,
      t.assignee ?? (t.team ? s.cyan(t.team) : s.gray('—')),
      dueCell(s, t, now),
    ],
  }));
  // Give the subject whatever width the other columns leave.
  const widest = (i: number) => Math.max(fixed[i]!.length, ...rows.map((r) => visibleLength(r.cells[i]!)));
  const used = fixed.reduce((sum, _h, i) => sum + widest(i) + 3, 0) + 4;
  const subjectWidth = Math.max(16, columns - used);
  for (const { t, cells } of rows) table.push([cells[0]!, truncate(t.subject, subjectWidth), ...cells.slice(1)]);
  return `${table.toString()}\n`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
export const visibleLength = (text: string): number => text.replace(ANSI, '').length;
