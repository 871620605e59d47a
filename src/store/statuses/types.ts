/**
 * Custom statuses ("On Hold", open state, pausing): a ticket in one keeps the built-in status of its
 * state underneath (tickets.status) and names the custom one in tickets.custom_status.
 */
export interface StatusRow { key: string; name: string; state: 'open' | 'closed'; pause: number; created_at: string }

export interface StatusesTx {
  /** Every custom status, by key. */
  list(): Promise<StatusRow[]>;
  byKey(key: string): Promise<StatusRow | null>;
  insert(row: StatusRow): Promise<void>;
  remove(key: string): Promise<void>;
  /** How many tickets are in the status (any state). */
  ticketsWith(key: string): Promise<number>;
}
