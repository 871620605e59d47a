/**
 * Mail to end users, queued in the caller's transaction: an agent's reply, the new-ticket
 * auto-response and the resolution notice. Mail is configured when `mail.from` is set; until then
 * nothing is queued (a desk without mail works exactly as before). The body comes from the admin's
 * template (or the default one) with its variables filled in from the ticket and the agent.
 */
import type { AgentActor } from '../../core/model.js';
import { parseMailbox } from '../../core/mailbox.js';
import {
  DEFAULT_TEMPLATES, alertMailSubject, expandTemplate, firstName, ticketMailSubject, type TemplateName,
} from '../../core/template.js';
import { STATUS_INFO } from '../../core/model.js';
import type { TicketRow, Tx } from '../../store/types.js';
import { queueMail } from './queue.js';
import { ratingLink } from '../portal-tokens.js';

export type UserMailKind = 'reply' | 'autoresponse' | 'resolved' | 'reminder';

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

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** "2026-03-02 10:00 UTC": the desk's local time, for people reading mail. */
export function wallClock(at: string, timeZone: string): string {
  let f = clockFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    clockFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${timeZone}`;
}

/**
 * Queues one message for the ticket's end user, threaded after the conversation so far. Returns its
 * Message-ID, or null when mail is not configured (or, for the auto-response, switched off).
 */
export async function queueUserMail(
  tx: Tx, kind: UserMailKind, row: TicketRow, opts: { agent?: TemplateAgent | null; message?: string; entryId?: number }, at: string,
): Promise<string | null> {
  if (!(await tx.settings.getSetting('mail.from'))) return null;
  if (kind === 'autoresponse' && (await tx.settings.getSetting('mail.autoresponse')) !== 'on') return null;
  const values = await templateValues(tx, row, opts.agent ?? null);
  if (kind === 'reply') values.message = opts.message ?? '';
  let body = expandTemplate(await templateText(tx, kind), values);
  // Issue 19: the mail that tells of a resolution carries a link to rate it (once per resolution).
  if ((kind === 'resolved' || kind === 'reply') && row.status === 'resolved') {
    const link = await ratingLink(tx, row, at);
    if (link) body += `\nHow did we do? Rate this ticket from 1 to 5: ${link}\n`;
  }
  const earlier = (await tx.mail.threadMessageIds(row.id)).map((m) => m.message_id);
  // References: the first message and the latest ones, so long threads keep a short header.
  const references = earlier.length > 10 ? [earlier[0]!, ...earlier.slice(-9)] : earlier;
  // An agent's reply goes to the collaborators in Cc, with the reply's attachments.
  const cc = kind === 'reply' ? (await tx.together.collaborators(row.id)).map((c) => c.email) : [];
  return queueMail(tx, {
    ticketId: row.id, kind, to: row.user_email, subject: ticketMailSubject(row.subject, row.number), body,
    inReplyTo: earlier.at(-1) ?? null, references, cc, entryId: opts.entryId ?? null,
  }, at, row.number);
}

/**
 * The subject and body of an SLA alert for one agent, from the `sla-alert` template; for `sla check`
 * to queue with queueMail(kind 'sla-alert').
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
