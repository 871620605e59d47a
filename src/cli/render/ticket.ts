/**
 * `ticket show` for people: properties, the SLA clock, the thread (replies, messages and internal
 * notes visibly different), and the history.
 */
import { formatSize } from '../../core/mailbox.js';
import { STATUS_INFO } from '../../core/model.js';
import type { TicketEvent, TicketObject } from '../../desk/ticket-view.js';
import { priorityColor, statusColor, type Style } from './style.js';
import { dueText, localTime } from './time.js';

export function ticketDetail(s: Style, t: TicketObject, now: Date, timeZone: string, clock?: { explanation: string[] }): string {
  const when = (at: string) => localTime(at, timeZone);
  const lines: string[] = [];
  const label = (name: string, value: string) => lines.push(`${s.gray(name.padEnd(10))}${value}`);
  lines.push(`${s.bold(`#${t.number}`)}  ${s.bold(t.subject)}`);
  lines.push('');
  label('Status', `${statusColor(s, t.status)(STATUS_INFO[t.status].display)}${t.reopened_count ? s.gray(`  (reopened ${t.reopened_count}×)`) : ''}`);
  label('Priority', priorityColor(s, t.priority)(t.priority));
  label('User', `${t.user.name} <${t.user.email}>  ${s.gray(`via ${t.source}`)}`);
  label('Dept', t.department);
  label('Topic', t.topic ?? s.gray('—'));
  label('Assignee', t.assignee ?? s.gray('unassigned'));
  label('Team', t.team ?? s.gray('—'));
  label('SLA', slaLine(s, t, now, when));
  if (t.first_response_due_at || t.first_response_at) {
    label('Response', t.first_response_at
      ? `first reply ${when(t.first_response_at)}`
      : `${dueText(t.first_response_due_at, now)} (${when(t.first_response_due_at!)})`);
  }
  label('Created', `${when(t.created_at)}   ${s.gray('updated')} ${when(t.updated_at)}`);
  if (t.resolved_at) label('Resolved', when(t.resolved_at));
  if (t.closed_at) label('Closed', when(t.closed_at));
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
    for (const line of e.body.replace(/\n+$/, '').split('\n')) lines.push(`${bar}${line}`);
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
  return `${lines.join('\n')}\n`;
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
  }
}
