/**
 * PostgreSQL indexes for the SLA queue and breach scans (owned by the SLA module, sla.ts),
 * the counterpart of SQLite's tickets_sla_queue (migration 9): open tickets keyed exactly as the
 * urgency queue sorts them (paused-before-due last, then the clock that runs out first, then id), so
 * `sla status` reads its first page from the index instead of sorting every open ticket. The
 * expressions must stay character for character those of sla.ts for the planner to match them.
 * Frozen like a migration once released.
 */
const NEXT_DUE = `(CASE WHEN first_response_at IS NULL AND first_response_due_at IS NOT NULL
  AND (due_at IS NULL OR first_response_due_at < due_at) THEN first_response_due_at ELSE due_at END)`;

export const SLA_SCHEMA_V12 = `
CREATE INDEX tickets_sla_queue ON tickets (
  (paused_at IS NOT NULL AND ${NEXT_DUE} >= paused_at AND ${NEXT_DUE} IS DISTINCT FROM first_response_due_at),
  ${NEXT_DUE},
  id
) WHERE status IN ('open','in-progress','awaiting-response');
CREATE INDEX tickets_first_response_due ON tickets (first_response_due_at, id)
  WHERE status IN ('open','in-progress','awaiting-response') AND first_response_at IS NULL AND first_response_due_at IS NOT NULL;
CREATE INDEX events_overdue ON events (ticket_id) WHERE type IN ('overdue', 'warning');
`;
