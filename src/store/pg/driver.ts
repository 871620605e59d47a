/**
 * Loading node-postgres only when a PostgreSQL URL is used: a SQLite command never reads
 * a byte of it (its cold start is benchmarked). `pg` was picked over `postgres` (porsager) because it
 * is pure JavaScript with no native step, the most used and longest kept Node driver, gives one
 * client per transaction from its pool (what this store needs), and has server-side cursors
 * (pg-cursor) for streaming ticket lists. Both packages stay outside the CLI bundles
 * (src/build/build.mjs).
 */
type Pg = typeof import('pg');
type CursorCtor = new (text: string, values: unknown[]) => { read(rows: number): Promise<unknown[]>; close(): Promise<void> };

let pg: Pg | null = null;
let cursor: CursorCtor | null = null;

export async function loadPg(): Promise<Pg> {
  if (pg) return pg;
  const m = (await import('pg')) as unknown as { default?: Pg } & Pg;
  pg = m.default ?? m;
  const c = (await import('pg-cursor')) as unknown as { default?: CursorCtor } & CursorCtor;
  cursor = c.default ?? c;
  return pg;
}

/** pg-cursor's class; loadPg() has run before any transaction. */
export function loadCursor(): CursorCtor {
  if (!cursor) throw new Error('node-postgres is not loaded');
  return cursor;
}
