/**
 * The portal's random tokens: access links, sessions and rating links. A token is 32
 * random bytes (base64url); only its SHA-256 is stored, so the database never holds a usable link.
 * Web Crypto (globalThis.crypto) rather than node:crypto: mail/queue.ts issues rating links on the path of
 * `ticket status`, and the global loads nothing at start.
 */
import type { PortalTokenKind } from '../store/portal/types.js';
import type { TicketRow, Tx } from '../store/types.js';

export const ACCESS_LINK_MINUTES = 24 * 60;
export const SESSION_MINUTES = 12 * 60;
export const RATING_LINK_MINUTES = 30 * 24 * 60;

const later = (at: string, minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();

export function randomToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return Buffer.from(bytes).toString('base64url');
}

export async function tokenHash(token: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Buffer.from(digest).toString('hex');
}

/** Stores a new token of this kind for the user (and ticket) and returns its text, shown only once. */
export async function issueToken(tx: Tx, kind: PortalTokenKind, userId: number, ticketId: number | null, at: string, minutes: number): Promise<string> {
  const token = randomToken();
  await tx.portal.insertToken({ kind, hash: await tokenHash(token), userId, ticketId, createdAt: at, expiresAt: later(at, minutes) });
  return token;
}

/** The portal's address for mailed links (`portal.url`, recorded by `serve --public-url`), or null. */
export async function portalUrl(tx: Tx): Promise<string | null> {
  const url = await tx.settings.getSetting('portal.url');
  return url ? url.replace(/\/+$/, '') : null;
}

/**
 * The rating link of a resolution mail: a new rating token for the ticket's end user, or null when
 * no portal address is known (no `serve` has recorded one).
 */
export async function ratingLink(tx: Tx, row: TicketRow, at: string): Promise<string | null> {
  const base = await portalUrl(tx);
  if (base === null) return null;
  const token = await issueToken(tx, 'rating', row.user_id, row.id, at, RATING_LINK_MINUTES);
  return `${base}/rate?token=${token}`;
}
