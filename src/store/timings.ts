/**
 * HELPDESK_TIMINGS=1: where a command's time goes. The launcher (src/build/launcher.js) sets up the
 * record and writes it to stderr as one line of JSON when the command ends; the store adds the time
 * spent opening, committing and closing — and on PostgreSQL `pg.load` (the store's code),
 * `pg.connect` (the connection: TCP, TLS, the password login), `begin` (with the schema check on the
 * first), `pg.query` (the statements) and `commit` (writes; a read's COMMIT goes with the next BEGIN).
 * The benchmark uses it to show what a cold start is made of.
 */
const KEY = Symbol.for('helpdesk.timings');

type Timings = Record<string, number>;

/** Adds the milliseconds since `since` (a performance.now()) to a phase, when timings are on. */
export function addTime(phase: string, since: number): void {
  const t = (globalThis as { [KEY]?: Timings })[KEY];
  if (t) t[phase] = (t[phase] ?? 0) + performance.now() - since;
}

/** performance.now() when timings are on; 0 (and no clock read) otherwise. */
export function timeMark(): number {
  return (globalThis as { [KEY]?: Timings })[KEY] ? performance.now() : 0;
}
