/**
 * The words of the mail the desk queues (queue.ts): a template's text in force (the admin's version
 * or the default) with its variables filled in from the ticket and the agent, and the SLA alerts'
 * subject and body.
 */
import type { AgentActor } from '../../core/model.js';
import { parseMailbox } from '../../core/mailbox.js';
import { localTime } from '../../core/time.js';
import {
  DEFAULT_TEMPLATES, alertMailSubject, expandTemplate, firstName, type TemplateName,
} from '../../core/template.js';
import { STATUS_INFO } from '../../core/model.js';
import type { TicketRow, Tx } from '../../store/types.js';

/** The agent a template speaks for (the one acting, or the alert's recipient). */
export type TemplateAgent = Pick<AgentActor, 'name' | 'username' | 'email'>;

/** The template text in force: the admin's version, else the default. */
export async function templateText(tx: Tx, name: TemplateName): Promise<string> {
  return (await tx.mail.templateOverride(name))?.body ?? DEFAULT_TEMPLATES[name];
}

/** Every variable's value for this ticket and agent (see COMMON_VARIABLES). */
export async function templateValues(tx: Tx, row: TicketRow, agent: TemplateAgent | null): Promise<Record<string, string>> {
  const from = await tx.settings.getSetting('mail.from');
  const desk = from ? safeMailbox(from) : null;
  const deskName = desk?.name || 'Help Desk';
  const zone = (await tx.settings.getSetting('timezone')) ?? 'UTC';
  return {
    'ticket.number': row.number,
    'ticket.subject': row.subject,
    'ticket.status': row.custom_status ?? STATUS_INFO[row.status].display, // a custom status by its key
    'ticket.priority': row.priority,
    'ticket.department': row.department,
    'ticket.topic': row.topic ?? '',
    'ticket.sla': row.sla ?? '',
    'ticket.due': row.due_at ? wallClock(row.due_at, zone) : '',
    'ticket.assignee': row.assignee ?? 'unassigned',
    'ticket.team': row.team ?? '',
    'ticket.source': row.source,
    'ticket.created': wallClock(row.created_at, zone),
    'user.name': row.user_name,
    'user.first_name': firstName(row.user_name),
    'user.email': row.user_email,
    'agent.name': agent?.name ?? deskName,
    'agent.first_name': agent ? firstName(agent.name) : deskName,
    'agent.username': agent?.username ?? '',
    'agent.email': agent?.email ?? '',
    'desk.name': deskName,
    'desk.email': desk?.address ?? '',
  };
}

function safeMailbox(text: string) {
  try {
    return parseMailbox(text);
  } catch {
    return null;
  }
}

/** "2026-03-02 10:00 UTC": the desk's local time, for people reading mail. */
function wallClock(at: string, timeZone: string): string {
  return `${localTime(at, timeZone)} ${timeZone}`;
}

/**
 * The subject and body of an SLA alert for one agent, from the `sla-alert` template; for `sla check`
 * to queue with queueMail (queue.ts, kind 'sla-alert').
 */
export async function renderAlert(
  tx: Tx, row: TicketRow, agent: TemplateAgent | null, alert: AlertDetails, template: 'sla-alert' | 'sla-warning' = 'sla-alert',
): Promise<{ subject: string; body: string }> {
  const values = {
    ...(await templateValues(tx, row, agent)),
    'alert.clock': alert.clock, 'alert.plan': alert.plan, 'alert.due': alert.due, 'alert.overdue_by': alert.overdueBy,
    'alert.left': alert.left ?? '',
  };
  const subject = alertMailSubject(row.subject, row.number, alert.clock, template === 'sla-warning');
  return { subject, body: expandTemplate(await templateText(tx, template), values) };
}

/** The breach an SLA alert tells of, already worded for people. */
export interface AlertDetails {
  clock: 'resolution' | 'first response';
  plan: string;
  due: string;
  overdueBy: string;
  /** Business time left (warnings). */
  left?: string;
}
