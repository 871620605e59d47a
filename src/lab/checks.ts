/**
 * Small questions the scenario steps ask of a ticket's thread and history.
 */
import type { Status } from '../core/model.js';
import type { TicketObject } from '../desk/tickets/view.js';

export const entries = (t: TicketObject, kind: 'message' | 'reply' | 'note', author?: string) =>
  t.thread.filter((e) => e.kind === kind && (author === undefined || e.author === author));

/** Was the ticket ever in this status (or is it now)? */
export function reached(t: TicketObject, status: Status): boolean {
  return t.status === status || t.events.some((e) => (e.type === 'status' || e.type === 'reopened') && e.data.to === status);
}

export const isClosedState = (t: TicketObject): boolean => t.state === 'closed';

/** Who moved it to resolved or closed last (null when nobody has). */
export function resolver(t: TicketObject): string | null {
  const ev = [...t.events].reverse().find((e) => e.type === 'status' && (e.data.to === 'resolved' || e.data.to === 'closed'));
  return ev?.actor ?? null;
}

/** An end-user message that came after an agent reply: the user answered a question. */
export function userAnsweredAfterReply(t: TicketObject): boolean {
  const firstReply = t.thread.findIndex((e) => e.kind === 'reply');
  return firstReply >= 0 && t.thread.slice(firstReply + 1).some((e) => e.kind === 'message');
}

/** An agent reply that came after the user's answer: the agent followed up. */
export function replyAfterUserAnswer(t: TicketObject): boolean {
  const firstReply = t.thread.findIndex((e) => e.kind === 'reply');
  if (firstReply < 0) return false;
  const answer = t.thread.findIndex((e, i) => i > firstReply && e.kind === 'message');
  return answer >= 0 && t.thread.slice(answer + 1).some((e) => e.kind === 'reply');
}

/** A status event to `to` after the user's message following awaiting-response (closed on confirmation). */
export function closedAfterConfirmation(t: TicketObject): boolean {
  if (t.status !== 'closed' && t.status !== 'resolved') return false;
  const awaited = t.events.findIndex((e) => e.type === 'status' && e.data.to === 'awaiting-response');
  if (awaited < 0) return false;
  // The user's confirmation sets the ticket back to open; the close comes after that.
  const answered = t.events.findIndex((e, i) => i > awaited && e.type === 'status' && e.data.from === 'awaiting-response' && e.data.to === 'open'
    && e.actor.includes('@'));
  return answered >= 0 && t.events.slice(answered + 1).some((e) => e.type === 'status' && (e.data.to === 'closed' || e.data.to === 'resolved'));
}
