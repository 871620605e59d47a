/**
 * Migration 20: `sla check` (and so `automate run`) finds the breaches still to record from
 * two partial indexes instead of probing every overdue open ticket's events. Before it, a run with
 * nothing to do read the events of each of the ~31,600 overdue open tickets of a million-ticket desk
 * (0.7 s of its 2.2 s). Each ticket now says on itself what the events say:
 * - `first_response_breached` is 1 once an `overdue` event of the first-response clock exists (once
 *   per ticket, as the events were read);
 * - `resolution_breach_run` is the `clock_start_at` of the resolution clock run whose `overdue` event
 *   exists; a reopen starts a new run (a new clock_start_at), so the ticket is a candidate again.
 * Triggers on the insert of an `overdue` event keep them, whoever inserts it (sla check, import), and
 * the indexes hold only the clocks whose breach is not recorded yet, keyed by due time: a run reads the
 * ones due before now — exactly the breaches to record. A paused resolution clock that did not run
 * out before its pause is left out too (it cannot breach while paused). Frozen: plain SQL.
 */
const OPEN = `status IN ('open','in-progress','awaiting-response')`;

export const BREACH_MARKS_V20 = `
ALTER TABLE tickets ADD COLUMN resolution_breach_run TEXT;
ALTER TABLE tickets ADD COLUMN first_response_breached INTEGER NOT NULL DEFAULT 0;

UPDATE tickets SET first_response_breached = 1 WHERE id IN (
  SELECT e.ticket_id FROM events e WHERE e.type = 'overdue' AND json_extract(e.data, '$.clock') = 'first_response');
UPDATE tickets SET resolution_breach_run = clock_start_at WHERE id IN (
  SELECT e.ticket_id FROM events e JOIN tickets x ON x.id = e.ticket_id
  WHERE e.type = 'overdue' AND json_extract(e.data, '$.clock') = 'resolution'
    AND json_extract(e.data, '$.clock_start_at') = x.clock_start_at);

CREATE TRIGGER events_overdue_first_response AFTER INSERT ON events
  WHEN NEW.type = 'overdue' AND json_extract(NEW.data, '$.clock') = 'first_response'
BEGIN
  UPDATE tickets SET first_response_breached = 1 WHERE id = NEW.ticket_id AND first_response_breached = 0;
END;
CREATE TRIGGER events_overdue_resolution AFTER INSERT ON events
  WHEN NEW.type = 'overdue' AND json_extract(NEW.data, '$.clock') = 'resolution'
BEGIN
  UPDATE tickets SET resolution_breach_run = clock_start_at
  WHERE id = NEW.ticket_id AND clock_start_at = json_extract(NEW.data, '$.clock_start_at');
END;

CREATE INDEX tickets_resolution_unrecorded ON tickets(due_at)
  WHERE ${OPEN} AND due_at IS NOT NULL AND (paused_at IS NULL OR due_at < paused_at)
    AND resolution_breach_run IS NOT clock_start_at;
CREATE INDEX tickets_first_response_unrecorded ON tickets(first_response_due_at)
  WHERE ${OPEN} AND first_response_at IS NULL AND first_response_due_at IS NOT NULL AND first_response_breached = 0;
`;
