/**
 * `ticket show` for people: properties, the SLA clock, the thread (replies, messages and internal
 * notes visibly different), and the history.
 */
import { formatSize } from '../../core/mailbox.js';
import type { TicketEvent, TicketObject } from '../../desk/tickets/view.js';
import { priorityColor, statusColor, statusLabel, type Style } from './style.js';
import { agoText, dueText, zonedTime } from './time.js';
import { fitLines, wrapText, wrapWords } from './width.js';
import { forTerminal, safeLine } from './sanitize.js';

/** Who is looking, and how wide their terminal is (thread bodies wrap at words to fit it). */
export interface DetailView {
  /** An end user: no SLA lines (the clock is the desk's business). */
  endUser?: boolean;
  columns?: number;
}

export function ticketDetail(
  s: Style, raw: TicketObject, now: Date, timeZone: string, rawClock?: { explanation: string[] }, view: DetailView = {},
): string {
  const t = forTerminal(raw);
  const clock = rawClock && forTerminal(rawClock);
  // Every time says its zone: the desk's zone is not necessarily the reader's.
  const when = (at: string) => zonedTime(at, timeZone);
  const columns = view.columns ?? 80;
  const lines: string[] = [];
  const label = (name: string, value: string) => lines.push(`${s.gray(name.padEnd(10))}${value}`);
  for (const l of wrapWords(`${s.bold(`#${t.number}`)}  ${s.bold(t.subject)}`, columns)) lines.push(l);
  lines.push('');
  label('Status', `${statusColor(s, t.status)(statusLabel(t.status, t.status_name))}${customNote(s, t)}${t.reopened_count ? s.gray(`  (reopened ${t.reopened_count}×)`) : ''}`);
  label('Priority', priorityColor(s, t.priority)(t.priority));
  label('User', `${t.user.name} <${t.user.email}>  ${s.gray(`via ${t.source}`)}`);
  label('Dept', t.department);
  label('Topic', t.topic ?? s.gray('—'));
  label('Assignee', t.assignee ?? s.gray('unassigned'));
  label('Team', t.team ?? s.gray('—'));
  if (!view.endUser) label('SLA', slaLine(s, t, now, when));
  if (!view.endUser && (t.first_response_due_at || t.first_response_at)) {
    label('Response', t.first_response_at
      ? `first reply ${when(t.first_response_at)}`
      : `${dueText(t.first_response_due_at, now)} (${when(t.first_response_due_at!)})`);
  }
  label('Created', `${when(t.created_at)}  ${s.gray(`opened ${agoText(t.created_at, now)} · updated ${agoText(t.updated_at, now)}`)}`);
  if (t.resolved_at) label('Resolved', when(t.resolved_at));
  if (t.closed_at) label('Closed', when(t.closed_at));
  togetherLines(s, t, label);
  if (clock) {
    lines.push('', s.bold('SLA clock'));
    for (const line of clock.explanation) lines.push(`  ${s.gray('·')} ${line}`);
  }

  lines.push('', s.bold('Thread'));
  for (const e of t.thread) {
    const head = `${e.author_name} <${e.author}> · ${when(e.created_at)}`;
    if (e.kind === 'note') lines.push(s.yellow(`  ▌ INTERNAL NOTE${e.title ? ` · ${e.title}` : ''} · ${head}`));
    else if (e.kind === 'reply') lines.push(s.cyan(`  ▶ REPLY · ${head}`));
    else lines.push(s.green(`  ◀ MESSAGE · ${head}`));
    const bar = e.kind === 'note' ? s.yellow('  ▌ ') : '    ';
    lines.push(wrapText(e.body.replace(/\n+$/, ''), columns, bar));
    lines.push('');
  }
  if (t.thread.length === 0) lines.push(s.gray('  (empty)'), '');

  if (t.attachments?.length) {
    lines.push(s.bold('Attachments'));
    for (const a of t.attachments) {
      lines.push(`  ${String(a.id).padStart(3)}  ${a.name}  ${s.gray(`${a.type} · ${formatSize(a.size)} · ${when(a.created_at)}`)}`);
    }
    lines.push(s.gray(`  save one: helpdesk ticket attachment ${t.number} <id> --out <file>`), '');
  }

  lines.push(s.bold('History'));
  for (const ev of t.events) lines.push(`  ${s.gray(when(ev.at))}  ${ev.actor.padEnd(18)} ${describeEvent(ev)}`);
  // Whatever is still wider than the terminal (a long address, the clock's explanation) wraps at words.
  return `${fitLines(lines.join('\n'), columns)}\n`;
}

/** Merge, parent, children, links, collaborators and time spent, where there are any. */
function togetherLines(s: Style, t: TicketObject, label: (name: string, value: string) => void): void {
  if (t.merged_into) label('Merged', `into #${t.merged_into}`);
  if (t.parent) label('Parent', `#${t.parent}`);
  if (t.children?.length) label('Children', t.children.map((n) => `#${n}`).join(', '));
  if (t.links?.length) label('Links', t.links.map((l) => `${l.type} #${l.number}`).join(', '));
  if (t.collaborators?.length) label('Cc', t.collaborators.map((c) => `${c.name} <${c.email}>`).join(', '));
  if (t.time_spent_minutes) label('Time', s.gray(minutesText(t.time_spent_minutes)));
  // The end user's satisfaction rating from the portal.
  if (t.csat) label('Rating', `${'★'.repeat(t.csat.rating)}${'☆'.repeat(5 - t.csat.rating)} ${t.csat.rating}/5${t.csat.comment ? ` “${safeLine(t.csat.comment)}”` : ''}`);
}

/** 95 → "1h 35m". */
/** A custom status says which state it counts as, since its name alone does not. */
function customNote(s: Style, t: TicketObject): string {
  return statusLabel(t.status) === t.status_name ? '' : s.gray(`  (custom status, ${t.state})`);
}

export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? (m ? `${h}h ${m}m` : `${h}h`) : `${m}m`;
}

function slaLine(s: Style, t: TicketObject, now: Date, when: (at: string) => string): string {
  if (t.sla === null) return s.gray('none');
  if (t.due_at === null) return t.sla;
  if (t.state === 'closed') {
    const met = t.resolved_at !== null && Date.parse(t.resolved_at) <= Date.parse(t.due_at);
    return `${t.sla} · was due ${when(t.due_at)} · ${met ? s.green('met') : s.red('missed')}`;
  }
  const text = dueText(t.due_at, now)!;
  if (!t.overdue && Date.parse(t.due_at) < now.getTime()) return `${t.sla} · ${s.yellow('paused')} while awaiting the user`;
  return `${t.sla} · ${t.overdue ? s.red.bold(text) : text} (${when(t.due_at)})`;
}

const show = (v: unknown) => (v === null || v === undefined ? '—' : String(v));

export function describeEvent(ev: TicketEvent): string {
  const d = ev.data as { field?: string; from?: unknown; to?: unknown };
  switch (ev.type) {
    case 'created': return 'created the ticket';
    case 'assigned': return d.field === 'team' ? `assigned team ${show(d.to)}` : `assigned to ${show(d.to)}`;
    case 'released': return `released ${show(d.from)}`;
    case 'transferred': return `transferred ${show(d.from)} → ${show(d.to)}`;
    case 'edited': return `changed ${d.field ?? 'ticket'}: ${show(d.from)} → ${show(d.to)}`;
    case 'sla': return `SLA ${show(d.from)} → ${show(d.to)}`;
    case 'status': {
      const rule = (ev.data as { rule?: string }).rule;
      return `status ${show(d.from)} → ${show(d.to)}${rule ? ` (automatic: ${rule})` : ''}`;
    }
    case 'reopened': return `reopened (${show(d.from)} → ${show(d.to)})`;
    case 'overdue': {
      const o = ev.data as { clock?: string; due_at?: string };
      const what = o.clock === 'first_response' ? 'missed the first-response target' : 'went overdue';
      return o.due_at ? `${what} (due ${o.due_at.slice(0, 16).replace('T', ' ')} UTC)` : what;
    }
    case 'warning': {
      const o = ev.data as { clock?: string; due_at?: string };
      const what = o.clock === 'first_response' ? 'first-response warning' : 'SLA warning';
      return o.due_at ? `${what} (due ${o.due_at.slice(0, 16).replace('T', ' ')} UTC)` : what;
    }
    case 'reminded': return `reminded the end user (${show((ev.data as { rule?: string }).rule)})`;
    default: return describeTogether(ev);
  }
}

/** Events of working tickets together. */
function describeTogether(ev: TicketEvent): string {
  const d = ev.data as { into?: string; from?: unknown; number?: string; type?: string; added?: string[]; removed?: string[]; minutes?: number };
  switch (ev.type) {
    case 'merged': return `merged into #${show(d.into)}`;
    case 'absorbed': return `merged in ${(Array.isArray(d.from) ? d.from : []).map((n) => `#${n}`).join(', ')}`;
    case 'linked': return `linked #${show(d.number)} (${show(d.type)})`;
    case 'unlinked': return `unlinked #${show(d.number)}`;
    case 'cc': return d.added ? `added Cc ${d.added.join(', ')}` : `removed Cc ${(d.removed ?? []).join(', ')}`;
    case 'time': return `logged ${minutesText(d.minutes ?? 0)}`;
    default: return ev.type;
  }
}
