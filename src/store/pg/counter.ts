/**
 * The ticket counter's statements (settings['ticket.last_number']) and how a write group keeps it.
 *
 * The first number a transaction takes comes from TAKE_NUMBER_SQL: one statement reads and raises
 * the counter, and its row stays locked to the transaction until it commits or rolls back (on top
 * of the writers' lock every write transaction holds, store.ts). From then on no one else can
 * change the counter before this transaction ends, so a group's later numbers are the one before
 * plus one, counted here (GroupCounter), and the row is written once with the last of them — before
 * any statement of the group that could read it (group-cache.ts), and at the latest before COMMIT
 * (write-group.ts): a round trip a create saved, in the same transaction, under the same locks.
 * A write undone (its savepoint, the group's, a guarded statement) puts the count back where it
 * was, so the numbers stay contiguous; any other write to the settings (raiseTicketCounter …) ends
 * the counting, after the row was written.
 */

/** The settings key of the ticket counter. */
export const COUNTER_KEY = 'ticket.last_number';

/**
 * Reads and raises the counter; changes that one settings row only (group-cache.ts relies on it).
 * numeric: exact whatever an older version let into the counter (numbers are text, never floats).
 * The first number when there is none yet, or one below it.
 */
export const TAKE_NUMBER_SQL = `INSERT INTO settings(key, value) VALUES ('${COUNTER_KEY}', $1)
  ON CONFLICT (key) DO UPDATE SET value = CASE WHEN settings.value::numeric < $1::numeric THEN $1
    ELSE (settings.value::numeric + 1)::text END
  RETURNING value`;

/** Writes the count kept by GroupCounter into the (already locked) counter row. */
export const WRITE_COUNTER_SQL = `UPDATE settings SET value = $1 WHERE key = '${COUNTER_KEY}'`;

export interface CounterMark {
  readonly last: bigint | null;
  readonly written: bigint | null;
}

export class GroupCounter {
  /** The last number issued in this transaction, or null before TAKE_NUMBER_SQL has run in it. */
  private last: bigint | null = null;
  /** What the counter row holds now (in this transaction). */
  private written: bigint | null = null;

  /** TAKE_NUMBER_SQL answered `value`. */
  took(value: string): void {
    this.last = this.written = /^\d{1,40}$/.test(value) ? BigInt(value) : null;
  }

  /** The next number without a round trip, or null when it must come from TAKE_NUMBER_SQL. */
  next(): string | null {
    if (this.last === null) return null;
    this.last += 1n;
    return String(this.last);
  }

  /** The value to write into the counter row before it is read or the transaction commits, or null. */
  pending(): string | null {
    return this.last !== null && this.last !== this.written ? String(this.last) : null;
  }

  /** WRITE_COUNTER_SQL has written pending(). */
  flushed(): void {
    this.written = this.last;
  }

  /** Something else wrote the settings (raiseTicketCounter, setSetting …): the next number comes from the row again. */
  forget(): void {
    this.last = this.written = null;
  }

  mark(): CounterMark {
    return { last: this.last, written: this.written };
  }

  /** Back to `m`, after what was done since was rolled back. */
  restore(m: CounterMark): void {
    this.last = m.last;
    this.written = m.written;
  }
}
