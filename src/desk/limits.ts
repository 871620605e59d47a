/**
 * The configured size limits, read where a use case needs them: before the CLI reads a body (so it
 * reads no further than the limit), and in the use case itself (every caller is held to it).
 */
import { DEFAULT_MAX_BODY, DEFAULT_MAX_MESSAGE, limitFrom, requireBodyFits } from '../core/limits.js';
import type { Tx } from '../store/types.js';
import type { DeskContext } from './context.js';

export async function maxBody(tx: Pick<Tx, 'settings'>): Promise<number> {
  return limitFrom(await tx.settings.getSetting('ticket.max_body'), DEFAULT_MAX_BODY);
}

/** ticket.max_body in bytes, read in its own short read transaction. */
export function bodyLimit(ctx: DeskContext): Promise<number> {
  return ctx.store.read((tx) => maxBody(tx));
}

/** mail.max_message in bytes. */
export function messageLimit(ctx: DeskContext): Promise<number> {
  return ctx.store.read(async (tx) => limitFrom(await tx.settings.getSetting('mail.max_message'), DEFAULT_MAX_MESSAGE));
}

/** Refuses (exit 2) a text larger than ticket.max_body. */
export async function requireBodyWithinLimit(tx: Pick<Tx, 'settings'>, text: string, what?: string): Promise<void> {
  requireBodyFits(Buffer.byteLength(text, 'utf8'), await maxBody(tx), what);
}
