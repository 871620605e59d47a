/**
 * Schema version 6, frozen: open queues straight from an index at a million tickets.
 *
 * `ticket list` sorts an open queue by `due_at IS NULL, due_at, id`. The indexes of version 1 lead
 * with the status, so a queue of three open statuses came back as three index ranges that had to be
 * merged by sorting the whole queue (32,000 open tickets: ~100 ms before the first row). These
 * partial indexes hold only open tickets, keyed in exactly that order, so a first page reads 50
 * entries. The first also carries the status and the pause time, so counting overdue tickets never
 * touches the table. Only open tickets are in them: closing a ticket removes it, which keeps them
 * small however large the history grows.
 */
const OPEN = "status IN ('open','in-progress','awaiting-response')";

export const OPEN_QUEUES_V6 = `
CREATE INDEX tickets_open_due      ON tickets(due_at IS NULL, due_at, status, paused_at) WHERE ${OPEN};
CREATE INDEX tickets_open_dept     ON tickets(dept_id, due_at IS NULL, due_at) WHERE ${OPEN};
CREATE INDEX tickets_open_assignee ON tickets(assignee_id, due_at IS NULL, due_at) WHERE ${OPEN};
`;
