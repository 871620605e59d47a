/**
 * What a cron job reports of a backlog: the exact count, and the first items only. The
 * first `automate run` on a million-ticket desk records ~40,000 breaches and closes ~240,000 tickets;
 * keeping each for the report (and printing it as one JSON string) is what made the run's memory
 * follow the backlog (363 MB). The events and the outbox hold every change; the report lists at
 * most LISTED of each kind and says how many it left out.
 */
export const LISTED = 1000;

export class Listing<T> {
  readonly items: T[] = [];
  count = 0;
  constructor(private readonly limit = LISTED) {}
  push(item: T): void {
    this.count++;
    if (this.items.length < this.limit) this.items.push(item);
  }
  get omitted(): number {
    return this.count - this.items.length;
  }
}
