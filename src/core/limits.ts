/**
 * Sizes that hold before memory does: a body, an import record, an incoming message. Pure: callers
 * measure, these rules decide and say what to do.
 */
import { UsageError } from './errors.js';
import { formatSize } from './mailbox.js';

/** `ticket.max_body` unless an admin set it: 1 MiB of UTF-8. */
export const DEFAULT_MAX_BODY = 1024 * 1024;
/** `mail.max_message` unless an admin set it: room for a 10 MiB attachment in base64 and the text. */
export const DEFAULT_MAX_MESSAGE = 40 * 1024 * 1024;

/**
 * The most one import record (a ticket with its whole thread, an attachment in base64, an osTicket
 * payload) may hold: each body in it is held to ticket.max_body when it is checked; this bounds the
 * memory that reading it takes.
 */
export const MAX_IMPORT_RECORD = 64 * 1024 * 1024;

/** The stored setting as a number of bytes, or the default when unset or unreadable. */
export function limitFrom(stored: string | null, fallback: number): number {
  const n = stored === null ? NaN : Number(stored);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/** A body of `bytes` (UTF-8) must fit `max`; what to do otherwise. */
export function requireBodyFits(bytes: number, max: number, what = 'the body'): void {
  if (bytes <= max) return;
  throw bodyTooLarge(max, what);
}

export function bodyTooLarge(max: number, what = 'the body'): UsageError {
  return new UsageError(
    `${what} is larger than ticket.max_body (${formatSize(max)})`,
    'shorten it or attach the rest; an admin may raise the limit: helpdesk config set ticket.max_body 5M',
  );
}
