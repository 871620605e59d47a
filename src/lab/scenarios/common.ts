/**
 * Building a scenario's starting state through the desk, exactly as the people in it would.
 */
import type { DeskContext } from '../../desk/context.js';
import { createTicket, type CreateTicketInput } from '../../desk/tickets/create.js';

/** An end user submits a ticket from the web; returns its number. */
export async function submit(ctx: DeskContext, email: string, subject: string, body: string,
  extra: Partial<CreateTicketInput> = {}): Promise<string> {
  const ticket = await createTicket(ctx, { actor: email, subject, body, ...extra });
  return ticket.number;
}

/** A shell-safe double-quoted argument (our texts never hold $, ` or \). */
export const q = (text: string): string => `"${text.replace(/["\\$`]/g, (c) => `\\${c}`)}"`;
