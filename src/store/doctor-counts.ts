/**
 * What `doctor` counts, by name, as SQL both stores run alike (each query one number, named n).
 */
export const DOCTOR_COUNTS: Readonly<Record<string, string>> = {
  tickets: 'SELECT count(*) AS n FROM tickets',
  open_tickets: "SELECT count(*) AS n FROM tickets WHERE status IN ('open','in-progress','awaiting-response')",
  closed_tickets: "SELECT count(*) AS n FROM tickets WHERE status IN ('resolved','closed')",
  thread_entries: 'SELECT count(*) AS n FROM thread_entries',
  events: 'SELECT count(*) AS n FROM events',
  agents: 'SELECT count(*) AS n FROM agents WHERE active = 1',
  users: 'SELECT count(*) AS n FROM users',
  departments: 'SELECT count(*) AS n FROM departments',
  teams: 'SELECT count(*) AS n FROM teams',
  topics: 'SELECT count(*) AS n FROM topics',
  sla_plans: 'SELECT count(*) AS n FROM sla_plans',
  outbox_pending: "SELECT count(*) AS n FROM outbox WHERE status = 'pending'",
  outbox_failed: "SELECT count(*) AS n FROM outbox WHERE status = 'failed'",
};
