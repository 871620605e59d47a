/**
 * Plain-text templates with `%{variable}` placeholders: the mail templates (reply, auto-response,
 * resolution notice, SLA alert) and canned responses. Pure: callers supply the values.
 *
 * `%{ticket.number}` is replaced by its value; `%%{` writes a literal `%{`. A variable that is not
 * known is an error naming it (with a "did you mean"), so a typo is caught before anything is saved
 * or sent.
 */
import { UsageError, didYouMean } from './errors.js';

export const TEMPLATE_NAMES = ['reply', 'autoresponse', 'resolved', 'sla-alert', 'reminder', 'sla-warning'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** What each template is for, for `mail template list`. */
export const TEMPLATE_PURPOSE: Record<TemplateName, string> = {
  reply: "an agent's reply, mailed to the end user",
  autoresponse: 'the new-ticket auto-response (mail.autoresponse on)',
  resolved: 'the notice that a ticket was resolved',
  'sla-alert': 'the alert to agents when a ticket goes overdue',
  reminder: 'the reminder to an end user who has not answered (automate run, ticket.remind_after)',
  'sla-warning': 'the warning to agents before a ticket goes overdue (automate run, sla.warn_before)',
};

/** Variables every template and canned response may use. */
export const COMMON_VARIABLES = [
  'ticket.number', 'ticket.subject', 'ticket.status', 'ticket.priority', 'ticket.department', 'ticket.topic',
  'ticket.sla', 'ticket.due', 'ticket.assignee', 'ticket.team', 'ticket.source', 'ticket.created',
  'user.name', 'user.first_name', 'user.email',
  'agent.name', 'agent.first_name', 'agent.username', 'agent.email',
  'desk.name', 'desk.email',
] as const;

/** What an SLA alert adds: which clock broke, its plan, when it was due and by how much it is late. */
export const ALERT_VARIABLES = ['alert.clock', 'alert.plan', 'alert.due', 'alert.overdue_by'] as const;

/** What an SLA warning adds: the clock, its plan, when it is due and how much business time is left. */
export const WARNING_VARIABLES = ['alert.clock', 'alert.plan', 'alert.due', 'alert.left'] as const;

/**
 * The variables a template may use: the common ones, `%{message}` (the reply's text) in `reply`, and
 * the breach details in `sla-alert`.
 */
export function variablesFor(name: TemplateName | 'canned'): readonly string[] {
  if (name === 'reply') return [...COMMON_VARIABLES, 'message'];
  if (name === 'sla-alert') return [...COMMON_VARIABLES, ...ALERT_VARIABLES];
  if (name === 'sla-warning') return [...COMMON_VARIABLES, ...WARNING_VARIABLES];
  return COMMON_VARIABLES;
}

export const DEFAULT_TEMPLATES: Record<TemplateName, string> = {
  reply: `%{message}

--
%{agent.name}
%{desk.name}

Ticket #%{ticket.number} · %{ticket.status}
To add to this ticket, reply to this message and keep [#%{ticket.number}] in the subject.
`,
  autoresponse: `Dear %{user.name},

We received your request and opened ticket #%{ticket.number}: "%{ticket.subject}".
An agent will get back to you soon. To add information, reply to this message and keep
[#%{ticket.number}] in the subject.

%{desk.name}
`,
  resolved: `Dear %{user.name},

Your ticket #%{ticket.number} "%{ticket.subject}" has been resolved.
If the problem is not solved, reply to this message and the ticket will be reopened.

%{desk.name}
`,
  'sla-alert': `Ticket #%{ticket.number} has missed its %{alert.clock} target.

  Subject:   %{ticket.subject}
  Plan:      %{alert.plan}
  Due:       %{alert.due}, overdue by %{alert.overdue_by}
  Status:    %{ticket.status} · priority %{ticket.priority} · %{ticket.department}
  Assigned:  %{ticket.assignee}
  End user:  %{user.name} <%{user.email}>

See it: helpdesk ticket show %{ticket.number}
`,
  reminder: `Dear %{user.name},

We are still waiting for your answer on ticket #%{ticket.number} "%{ticket.subject}".
Reply to this message (keep [#%{ticket.number}] in the subject) and we will carry on.

%{desk.name}
`,
  'sla-warning': `Ticket #%{ticket.number} is about to miss its %{alert.clock} target.

  Subject:   %{ticket.subject}
  Plan:      %{alert.plan}
  Due:       %{alert.due}, %{alert.left} of business time left
  Status:    %{ticket.status} · priority %{ticket.priority} · %{ticket.department}
  Assigned:  %{ticket.assignee}

See it: helpdesk ticket show %{ticket.number}
`,
};

type Piece = { text: string } | { variable: string };

/** Splits a template into text and variables; malformed placeholders are a UsageError. */
function parse(template: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('%%{', i)) {
      text += '%{';
      i += 3;
    } else if (template.startsWith('%{', i)) {
      const end = template.indexOf('}', i + 2);
      if (end === -1) throw new UsageError(`unterminated %{ in the text: '${template.slice(i, i + 20)}'`, 'close it with } (write %%{ for a literal %{)');
      if (text) pieces.push({ text });
      text = '';
      pieces.push({ variable: template.slice(i + 2, end).trim() });
      i = end + 1;
    } else {
      text += template[i];
      i++;
    }
  }
  if (text) pieces.push({ text });
  return pieces;
}

/** Checks that every variable in `template` is one of `allowed`; returns the ones used. */
export function checkTemplate(template: string, allowed: readonly string[]): string[] {
  const used: string[] = [];
  for (const piece of parse(template)) {
    if (!('variable' in piece)) continue;
    if (!allowed.includes(piece.variable)) throw unknownVariable(piece.variable, allowed);
    if (!used.includes(piece.variable)) used.push(piece.variable);
  }
  return used;
}

/** Fills in the variables; an unknown one (not a key of `values`) is a UsageError. */
export function expandTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return parse(template).map((piece) => {
    if ('text' in piece) return piece.text;
    const value = values[piece.variable];
    if (value === undefined) throw unknownVariable(piece.variable, Object.keys(values));
    return value;
  }).join('');
}

function unknownVariable(name: string, allowed: readonly string[]): UsageError {
  const guess = didYouMean(name, allowed);
  const list = `variables: ${allowed.map((v) => `%{${v}}`).join(' ')}`;
  return new UsageError(`unknown variable %{${name}}`, guess ? `did you mean %{${guess}}? (${list})` : list);
}

/** `Re: <subject> [#<number>]`, without piling up `Re:` prefixes or repeating the ticket tag. */
export function ticketMailSubject(subject: string, number: string): string {
  const bare = subject.replace(/\s*\[#\d{6,}\]\s*/g, ' ').replace(/^\s*((re|aw|sv|fwd?)\s*:\s*)+/i, '').trim();
  return `Re: ${bare} [#${number}]`;
}

/** The subject of an SLA alert to agents. */
export function alertMailSubject(subject: string, number: string, clock: 'resolution' | 'first response' = 'resolution', warning = false): string {
  if (warning) return `[SLA] ${clock === 'first response' ? 'First response due soon' : 'Due soon'}: ${subject} [#${number}]`;
  return `[SLA] ${clock === 'first response' ? 'First response overdue' : 'Overdue'}: ${subject} [#${number}]`;
}

/** The first word of a name, for `%{user.first_name}`. */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? '';
