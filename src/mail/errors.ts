/**
 * The exit codes of `mail ingest` follow sysexits(3), as MTAs (postfix, procmail, fetchmail) expect:
 * 65 when the message itself is unacceptable (the MTA bounces it), 75 when the failure is temporary
 * (the MTA keeps the message and retries). Nothing is stored in either case.
 */
import { BusyError, HelpdeskError, UsageError } from '../core/errors.js';

/** EX_DATAERR: a malformed or unacceptable message. */
export class MailDataError extends HelpdeskError {
  constructor(message: string, hint?: string) {
    super(message, 65, hint);
  }
}

/** EX_TEMPFAIL: try again later (database busy, disk full, a bug) — the message is not lost. */
export class TempFailError extends HelpdeskError {
  constructor(message: string, hint = 'temporary failure: nothing was stored; the MTA will retry the message') {
    super(message, 75, hint);
  }
}

/**
 * Maps anything that went wrong while filing a message to a sysexits error: problems with the
 * message → 65; everything else → 75 so that the MTA keeps it rather than bouncing it.
 */
export function toSysexit(err: unknown): HelpdeskError {
  if (err instanceof MailDataError || err instanceof TempFailError) return err;
  if (err instanceof UsageError) return new MailDataError(err.message, err.hint);
  if (err instanceof BusyError) return new TempFailError(err.message);
  const message = err instanceof Error ? err.message : String(err);
  return new TempFailError(err instanceof HelpdeskError ? message : `unexpected error: ${message}`);
}
