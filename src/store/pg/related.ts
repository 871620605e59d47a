/**
 * Reads about one ticket (or one agent) that a use case makes one after another, answered by one
 * statement: showing a ticket asks for its thread, attachments, events, links, children,
 * collaborators, time and rating, each its own round trip to the server — more than the queries
 * themselves cost. Each such read is registered here with its SQL ($1 the ticket's or agent's id);
 * ClientConn.related runs them:
 * - a ticket's first read runs alone (a search reads only the thread of each of its hits); from
 *   the second on, one statement answers every registered read of that ticket not yet answered,
 *   each as a JSON array of the rows its own statement returns, and the others are kept;
 * - an agent's reads (grants and teams, which loading an actor asks for together) all at once.
 * - one ticket read by its number in a read-only transaction (PgTickets.ticketByNumber) comes with
 *   every read of its group in the same statement (rowWithRelatedSql): a read that names a ticket
 *   by number is nearly always showing it, and its thread, events … were then three round trips more.
 * Kept answers last until the transaction writes anything (ClientConn forgets them then) and are
 * handed out as copies. JSON gives the same values as the rows: ids and counts are numbers (as
 * store.ts parses bigint), text is text; no read here has a bytea, boolean or timestamp column.
 */
export type RelatedGroup = 'ticket' | 'agent';

export interface Related {
  readonly group: RelatedGroup;
  readonly kind: string;
  readonly sql: string;
}

const registry: Record<RelatedGroup, Related[]> = { ticket: [], agent: [] };

/** Registers a read of one ticket's or agent's rows (called once per kind, when its module loads). */
export function related(group: RelatedGroup, kind: string, sql: string): Related {
  const r: Related = { group, kind, sql };
  registry[group].push(r);
  return r;
}

export function relatedOf(group: RelatedGroup): readonly Related[] {
  return registry[group];
}

/** Whether a group's reads are fetched together from the first (agent) or the second (ticket). */
export const togetherFromFirst = (group: RelatedGroup): boolean => group === 'agent';

/** One statement for several reads of one id: column k0, k1 … is each read's rows as a JSON array. */
export function bundleSql(reads: readonly Related[]): string {
  return `SELECT ${reads.map((r, i) => `(SELECT coalesce(json_agg(r), '[]'::json) FROM (${r.sql}) r) AS k${i}`).join(',\n  ')}`;
}

/** Each read's SQL with its $1 (the id) taken from `alias`.id, for a subquery beside the row. */
export const ofRow = (r: Related, alias: string) => r.sql.replace(/\$1(?!\d)/g, `${alias}.id`);

/**
 * One statement for a row and every read of its group: `rowSql` (with its own parameters) selects
 * at most one row that has an id; column hd_k0, hd_k1 … beside its columns is each read's rows, as in bundleSql.
 */
export function rowWithRelatedSql(rowSql: string, reads: readonly Related[]): string {
  return `SELECT hd_row.*,\n  ${reads.map((r, i) => `(SELECT coalesce(json_agg(r), '[]'::json) FROM (${ofRow(r, 'hd_row')}) r) AS hd_k${i}`).join(',\n  ')}
FROM (${rowSql}) hd_row`;
}
