/**
 * Replacing a PostgreSQL desk — `init --force`, `lab start` over another desk — keeps what
 * it replaces, as SQLite's `<file>.replaced-<stamp>` does (src/cli/replaced.ts): every table, view,
 * sequence and function of the desk's schema moves to a new schema `helpdesk_replaced_<stamp>` in the
 * same database, where the DBA can look at it, restore it (ALTER … SET SCHEMA back) or drop it. A lab
 * replacing only another lab's desk drops it instead, as SQLite deletes that file.
 * Runs inside the caller's write transaction: all of it happens, or none.
 */
import type { PgConn } from './conn.js';

export type ReplaceMode = 'keep' | 'drop';

interface Owned { kind: 'table' | 'view' | 'materialized view' | 'foreign table' | 'sequence' | 'function'; name: string }

/** What lives in the current schema (sequences owned by a table move with it). */
async function objects(c: PgConn): Promise<Owned[]> {
  const rels = await c.all<{ kind: string; name: string }>(
    `SELECT c.relkind AS kind, quote_ident(c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND (c.relkind IN ('r', 'p', 'v', 'm', 'f')
       OR (c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))))
     ORDER BY c.relname`);
  const kinds: Record<string, Owned['kind']> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table', S: 'sequence' };
  const fns = await c.all<{ name: string }>(
    `SELECT p.oid::regprocedure::text AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = current_schema() AND p.prokind = 'f'`);
  return [...rels.map((r) => ({ kind: kinds[r.kind]!, name: r.name })), ...fns.map((f) => ({ kind: 'function' as const, name: f.name }))];
}

/**
 * Clears the current schema for a new desk. 'keep' moves everything to a new schema and returns its
 * name; 'drop' drops it. Null when there was nothing to replace.
 */
export async function replaceDesk(c: PgConn, mode: ReplaceMode, stamp: string): Promise<string | null> {
  const found = await objects(c);
  if (found.length === 0) return null;
  if (mode === 'drop') {
    for (const o of found.filter((x) => x.kind !== 'function')) await c.run(`DROP ${o.kind} IF EXISTS ${o.name} CASCADE`);
    for (const o of found.filter((x) => x.kind === 'function')) await c.run(`DROP FUNCTION IF EXISTS ${o.name} CASCADE`);
    return null;
  }
  const base = `helpdesk_replaced_${stamp.toLowerCase()}`;
  let schema = base;
  for (let n = 2; await c.one('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]); n++) schema = `${base}_${n}`;
  await c.run(`CREATE SCHEMA ${schema}`);
  for (const o of found) await c.run(`ALTER ${o.kind === 'function' ? 'FUNCTION' : o.kind.toUpperCase()} ${o.name} SET SCHEMA ${schema}`);
  return schema;
}
