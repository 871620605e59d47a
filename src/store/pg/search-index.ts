/**
 * The PostgreSQL search index: one tsvector per ticket in table ticket_search, written
 * from here rather than by triggers, because the document must be tokenized exactly as SQLite's
 * FTS5 unicode61 (remove_diacritics 2) does for both stores to find the same tickets — and
 * PostgreSQL's text-search parser splits e-mail addresses, URLs and hyphenated words its own way,
 * and folds accents only with the unaccent extension. So the words come from core/search.ts (the
 * same tokenizer the ranking and highlighting use) and are cast as a tsvector literal, never
 * re-parsed; queries are cast as tsquery literals the same way.
 *
 * The three FTS5 columns become weights: A the subject, B the public thread, C the internal notes,
 * each column's positions separated by a gap so that a phrase cannot run from one into the next,
 * as in FTS5. An end user's query asks for weights A and B only, so notes neither match nor exclude.
 *
 * Limits of tsvector (documented in the README): positions stop at 16,383 and a word keeps its first
 * 256; past those a phrase may go unfound (single words always are). Words are cut at 500 characters,
 * and a document at 1 MiB of words and positions (a thread with more keeps the first ones).
 */
import type { Scope } from '../../core/access.js';
import { words, type SearchQuery } from '../../core/search.js';
import type { PgConn, PgParam } from './conn.js';
import type { Params } from './ticket-query.js';

const MAX_WORD = 500;
const MAX_POS = 16383;
/** A tsvector's words and positions may take at most 1 MiB (PostgreSQL's MAXSTRPOS). */
const MAX_VECTOR_BYTES = 1_048_575;
const cut = (w: string) => (w.length > MAX_WORD ? w.slice(0, MAX_WORD) : w);

/** The weight of each column, as PostgreSQL packs it into a position's top two bits (A 3, B 2, C 1). */
const WEIGHTS = { A: 3, B: 2, C: 1 } as const;
const LETTER = ['D', 'C', 'B', 'A'] as const;

/**
 * A document's words, each with its positions (the column's weight in the top two bits), and its
 * length in tokens (all columns, as FTS5 counts them).
 */
export interface DocumentWords { positions: Map<string, number[]>; length: number }

/**
 * The same words as core/search.ts words() gives, one at a time, faster for the bulk path: no token
 * spans an ASCII character that is not a letter or digit, so the text is cut there, and a piece of
 * ASCII letters and digits is a word as it is (lower-cased); only a piece with a non-ASCII character
 * goes through words() (test/store/pg-bulk-words.test.ts compares the two).
 */
export function eachWord(text: string, f: (w: string) => void): void {
  const n = text.length;
  let start = 0;
  let ascii = true;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (c >= 128) {
      ascii = false;
    } else if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) {
      if (i > start) {
        const piece = text.slice(start, i);
        if (ascii) f(piece.toLowerCase());
        else for (const w of words(piece)) f(w);
      }
      start = i + 1;
      ascii = true;
    }
  }
}

const wordsOf = (text: string, f: (w: string) => void): void => {
  for (const w of words(text)) f(w);
};

export function documentWords(subject: string, pub: string, internal: string, tokens: (text: string, f: (w: string) => void) => void = wordsOf): DocumentWords {
  const positions = new Map<string, number[]>();
  let pos = 0;
  let length = 0;
  let size = 0;
  const column = (text: string, weight: number) => {
    const bits = weight << 14;
    tokens(text, (w) => {
      pos++;
      length++;
      const key = cut(w);
      let list = positions.get(key);
      if (!list) {
        // A tsvector holds at most 1 MB: a huge thread of distinct words (random ids, encoded data)
        // keeps the words that fit, rather than failing the write.
        // As PostgreSQL counts it: the word, padding to an even length, the count and first position.
        const cost = Buffer.byteLength(key) + 5;
        if (size + cost > MAX_VECTOR_BYTES) return;
        size += cost;
        positions.set(key, (list = []));
      } else if (list.length < 256 && size + 2 <= MAX_VECTOR_BYTES) {
        size += 2;
      } else {
        return;
      }
      list.push(Math.min(pos, MAX_POS) | bits);
    });
    pos++; // the gap: no phrase spans two columns
  };
  column(subject, WEIGHTS.A);
  column(pub, WEIGHTS.B);
  column(internal, WEIGHTS.C);
  return { positions, length };
}

/** A document's tsvector literal and its length in tokens (all columns, as FTS5 counts them). */
export function documentVector(subject: string, pub: string, internal: string): { vector: string; length: number } {
  const { positions, length } = documentWords(subject, pub, internal);
  const parts: string[] = [];
  for (const [w, list] of positions) parts.push(`'${w}':${list.map((p) => `${p & MAX_POS}${LETTER[p >>> 14]}`).join(',')}`);
  return { vector: parts.join(' '), length };
}

/**
 * A word's positions as PostgreSQL's text input leaves them (tsvector.c, uniquePos, on a list
 * already in order): one per position, the highest weight where a position repeats — which only
 * happens at the last position, 16,383, where every later word is counted — and nothing after that.
 */
function uniquePositions(list: readonly number[]): number[] {
  const out = [list[0]!];
  for (let i = 1; i < list.length; i++) {
    const p = list[i]!;
    const last = out[out.length - 1]!;
    if ((p & MAX_POS) !== (last & MAX_POS)) {
      out.push(p);
      if (out.length >= 256 || (p & MAX_POS) === MAX_POS) break;
    } else if (p >>> 14 > last >>> 14) {
      out[out.length - 1] = (last & MAX_POS) | (p & 0xc000);
    }
  }
  return out;
}

/** PostgreSQL's type oid of tsvector (fixed: a built-in type). */
const TSVECTOR_OID = 3614;

/**
 * Documents as one tsvector[] in PostgreSQL's binary format (array_recv of tsvector_recv), with each
 * one's length in tokens: a Buffer parameter goes over the wire as binary, so the server copies the
 * words in rather than parsing a literal (which took most of a bulk load's index time). The same
 * tsvector as documentVector's literal gives (test/store/pg-index-writes.test.ts compares them); the
 * server sorts the words. Each document is encoded as soon as it is made, so that its words are
 * garbage at once rather than kept (and promoted) through the batch's round trip.
 */
export function documentsBinary(count: number, doc: (i: number) => DocumentWords): { bytes: Buffer; lengths: number[] } {
  let b = Buffer.allocUnsafe(64 * 1024);
  b.writeInt32BE(1, 0); // dimensions
  b.writeInt32BE(0, 4); // no nulls
  b.writeInt32BE(TSVECTOR_OID, 8);
  b.writeInt32BE(count, 12);
  b.writeInt32BE(1, 16); // lower bound
  let at = 20;
  const lengths: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = doc(i);
    lengths.push(d.length);
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    let bound = 8;
    for (const [w, list] of d.positions) bound += w.length * 3 + 3 + 2 * list.length;
    if (at + bound > b.length) {
      const bigger = Buffer.allocUnsafe(Math.max(b.length * 2, at + bound));
      b.copy(bigger, 0, 0, at);
      b = bigger;
    }
    const start = at;
    b.writeInt32BE(d.positions.size, start + 4);
    at += 8;
    for (const [w, list] of d.positions) {
      at += b.write(w, at, 'utf8');
      b[at++] = 0;
      // Positions only repeat at the last one (a document past 16,383 tokens): only then is there anything to merge.
      const unique = (list[list.length - 1]! & MAX_POS) === MAX_POS ? uniquePositions(list) : list;
      at = b.writeUInt16BE(unique.length, at);
      for (const p of unique) at = b.writeUInt16BE(p, at);
    }
    b.writeInt32BE(at - start - 4, start);
  }
  return { bytes: b.subarray(0, at), lengths };
}

/** The search document of a ticket being written whole (the bulk path): SOURCE_SELECT's columns, from the rows in hand. */
export function bulkDocument(subject: string, entries: ReadonlyArray<{ kind: string; title: string | null; body: string }>): DocumentWords {
  const pub: string[] = [];
  const internal: string[] = [];
  for (const e of entries) {
    if (e.kind === 'note') internal.push(e.title === null || e.title === undefined ? e.body : `${e.title}\n${e.body}`);
    else pub.push(e.body);
  }
  return documentWords(subject, pub.join('\n'), internal.join('\n'), eachWord);
}

/** A parsed search as a tsquery literal; an end user's only looks at the subject and the public thread. */
export function tsQuery(q: SearchQuery, scope: Scope): string {
  const label = scope.kind === 'user' ? 'AB' : '';
  const render = (x: SearchQuery): string => {
    switch (x.type) {
      case 'phrase': return `(${x.tokens.map((t, i) => {
        const prefix = x.prefix && i === x.tokens.length - 1 ? '*' : '';
        return prefix || label ? `'${cut(t)}':${prefix}${label}` : `'${cut(t)}'`;
      }).join(' <-> ')})`;
      case 'and': return `(${x.items.map(render).join(' & ')})`;
      case 'or': return `(${x.items.map(render).join(' | ')})`;
      case 'not': return `(${[render(x.include), ...x.exclude.map((e) => `!${render(e)}`)].join(' & ')})`;
    }
  };
  return render(q);
}

/** The WHERE condition (on tickets t) for a search as this scope may see it; parameters go to `p`. */
export function searchCondition(q: SearchQuery, scope: Scope, p: Params): string {
  return `t.id IN (SELECT s.ticket_id FROM ticket_search s WHERE s.doc @@ ${p.add(tsQuery(q, scope))}::tsquery)`;
}

/** The text of each ticket's three search columns, as SQLite's view ticket_fts_source builds them. */
export const SOURCE_SELECT = `SELECT t.id, t.subject,
  coalesce((SELECT string_agg(e.body, E'\\n' ORDER BY e.id) FROM thread_entries e
    WHERE e.ticket_id = t.id AND e.kind <> 'note'), '') AS public,
  coalesce((SELECT string_agg(coalesce(e.title || E'\\n', '') || e.body, E'\\n' ORDER BY e.id) FROM thread_entries e
    WHERE e.ticket_id = t.id AND e.kind = 'note'), '') AS internal
FROM tickets t WHERE t.id = ANY($1::bigint[])`;

export interface SourceRow { id: number; subject: string; public: string; internal: string }

/** Connections (transactions) in a bulk load: their writes leave the index to resumeSearchIndex. */
const deferred = new WeakSet<object>();

export const isDeferred = (conn: PgConn): boolean => deferred.has(conn);

/** Tickets whose subject or thread a deferred write changed: resumeIndex brings their documents up to date. */
const changed = new WeakMap<object, Set<number>>();

function markChanged(conn: PgConn, ticketId: number): void {
  let set = changed.get(conn);
  if (!set) changed.set(conn, (set = new Set()));
  set.add(ticketId);
}

export function setDeferred(conn: PgConn, on: boolean): void {
  if (on) deferred.add(conn);
  else deferred.delete(conn);
}

/** An index a bulk load dropped (transfer.ts deferIndexes), to be built again in the same transaction. */
export interface SetAsideIndex { name: string; sql: string; search?: boolean }

/** The search index's GIN set aside by a load on this connection (transaction): built after the documents. */
const setAside = new WeakMap<object, SetAsideIndex[]>();

export function setAsideSearchIndexes(conn: PgConn, indexes: SetAsideIndex[]): void {
  if (indexes.length) setAside.set(conn, indexes);
  else setAside.delete(conn);
}

/** Builds the search index's GIN again if a load set it aside (resumeSearchIndex, after the documents). */
export async function restoreSearchIndexes(conn: PgConn): Promise<void> {
  const indexes = setAside.get(conn) ?? [];
  setAside.delete(conn);
  await buildIndexes(conn, indexes);
}

/**
 * Creates these indexes (each that is not there: a name the load dropped), with the memory an index
 * build wants for this transaction only: a GIN or B-tree built in memory is written once, sorted.
 */
export async function buildIndexes(conn: PgConn, indexes: readonly SetAsideIndex[]): Promise<void> {
  if (indexes.length === 0) return;
  await conn.run(`SELECT set_config('maintenance_work_mem', '256MB', true)
    WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('256MB')`);
  for (const i of indexes) {
    if (!(await conn.one('SELECT 1 FROM pg_class WHERE oid = to_regclass($1)', [i.name]))) await conn.run(i.sql);
  }
}

/** Rebuilds these tickets' documents from their rows and thread (inside the writing transaction). */
export async function reindex(conn: PgConn, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await writeDocuments(conn, await conn.all<SourceRow>(SOURCE_SELECT, [ids]));
}

/** Writes the documents of these tickets' texts, and moves the totals by the difference. */
async function writeDocuments(conn: PgConn, rows: readonly SourceRow[]): Promise<void> {
  const vectors: string[] = [];
  const lengths: number[] = [];
  for (const r of rows) {
    const d = documentVector(r.subject, r.public, r.internal);
    vectors.push(d.vector);
    lengths.push(d.length);
  }
  // One statement: the old lengths (read before the upsert, as every part of a WITH sees one
  // snapshot), the new documents, and the totals moved by the difference.
  await conn.run(`WITH old AS (SELECT ticket_id, length FROM ticket_search WHERE ticket_id = ANY($1::bigint[])),
    up AS (INSERT INTO ticket_search(ticket_id, doc, length)
      SELECT u.id, u.doc::tsvector, u.len FROM unnest($1::bigint[], $2::text[], $3::int[]) AS u(id, doc, len)
      ON CONFLICT (ticket_id) DO UPDATE SET doc = excluded.doc, length = excluded.length
      RETURNING length)
    UPDATE ticket_search_totals SET
      docs = docs + (SELECT count(*) FROM up) - (SELECT count(*) FROM old),
      tokens = tokens + (SELECT coalesce(sum(length), 0) FROM up) - (SELECT coalesce(sum(length), 0) FROM old)`,
  [rows.map((r) => Number(r.id)), vectors, lengths] as PgParam[]);
}

/**
 * Inserts a ticket (`insert`: INSERT INTO tickets … RETURNING id, its parameters `params`) and, in the
 * same statement, its document and the totals: a new ticket has no thread yet, so its document is
 * its subject. One round trip where indexing after the insert took three.
 */
export async function insertIndexedTicket(conn: PgConn, insert: string, params: readonly PgParam[], subject: string): Promise<number> {
  if (deferred.has(conn)) return conn.insert(insert, params);
  const d = documentVector(subject, '', '');
  const doc = `$${params.length + 1}`;
  const len = `$${params.length + 2}::int`;
  return conn.insert(`WITH t AS (${insert}),
    s AS (INSERT INTO ticket_search(ticket_id, doc, length) SELECT id, ${doc}::tsvector, ${len} FROM t),
    n AS (UPDATE ticket_search_totals SET docs = docs + 1, tokens = tokens + ${len})
    SELECT id FROM t`, [...params, d.vector, d.length]);
}

/** The thread text of ticket $1 with the entry CTE `e` (just inserted, so not yet seen by the statement) added last. */
const threadWith = (kinds: string, text: string) => `coalesce((SELECT string_agg(${text}, E'\\n' ORDER BY x.id) FROM (
    SELECT id, kind, title, body FROM thread_entries WHERE ticket_id = $1 UNION ALL SELECT id, kind, title, body FROM e) x
    WHERE ${kinds}), '')`;

/**
 * Inserts a thread entry (`insert`: INSERT INTO thread_entries … RETURNING id, kind, title, body,
 * with $1 its ticket's id) and brings the ticket's document up to date: the insert, the lock of the
 * ticket's row (as indexTicket takes it) and the thread's text come in one statement, the document
 * in a second — two round trips where four were. The text is SOURCE_SELECT's, the new entry last
 * (it has the highest id).
 */
export async function insertIndexedEntry(conn: PgConn, insert: string, params: readonly PgParam[]): Promise<number> {
  if (deferred.has(conn)) {
    markChanged(conn, Number(params[0]));
    return conn.insert(insert, params);
  }
  const row = await conn.one<SourceRow & { entry_id: number }>(`WITH e AS (${insert})
    SELECT (SELECT id FROM e) AS entry_id, t.id, t.subject,
      ${threadWith("x.kind <> 'note'", 'x.body')} AS public,
      ${threadWith("x.kind = 'note'", "coalesce(x.title || E'\\n', '') || x.body")} AS internal
    FROM (SELECT id, subject FROM tickets WHERE id = $1 FOR NO KEY UPDATE) t`, params);
  if (!row) throw new Error('insert returned no id: thread_entries');
  await writeDocuments(conn, [row]);
  return Number(row.entry_id);
}

/**
 * Brings one ticket's document up to date after its subject or thread changed: the store's
 * insertTicket, updateTicket (subject) and insertEntry call this. The ticket row is locked first,
 * so that two writers adding to one thread index one after the other, the second seeing the first's
 * entry (otherwise the later upsert could carry a thread without the other's words).
 */
export async function indexTicket(conn: PgConn, ticketId: number): Promise<void> {
  if (deferred.has(conn)) return markChanged(conn, ticketId);
  if (conn.writing) await conn.run('SELECT 1 FROM tickets WHERE id = $1 FOR NO KEY UPDATE', [ticketId]);
  await reindex(conn, [ticketId]);
}

/** Tickets above `sinceId` that have no document yet (a bulk load writes its own; the row-at-a-time paths leave theirs when deferred). */
const UNDOCUMENTED = `SELECT t.id FROM tickets t WHERE t.id > $1 AND NOT EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = t.id)
  ORDER BY t.id LIMIT $2`;

/**
 * The end of a deferred load: documents for the tickets above `sinceId` that have none yet and for
 * every ticket a deferred write changed, a batch at a time; then the GIN if the load set it aside.
 */
export async function resumeIndex(conn: PgConn, sinceId: number, optimize: boolean): Promise<void> {
  setDeferred(conn, false);
  const touched = [...(changed.get(conn) ?? [])].sort((a, b) => a - b);
  changed.delete(conn);
  const first = await conn.all<{ id: number }>(UNDOCUMENTED, [sinceId, 1000]);
  // A load's rows are not in the planner's statistics yet: without them it reads each batch's
  // threads by scanning (0.9 s a thousand tickets instead of 60 ms). ANALYZE counts this
  // transaction's own rows. Only when there are many documents to build from the rows.
  if (first.length + touched.length >= 1000) await conn.run('ANALYZE tickets, thread_entries');
  for (let i = 0; i < touched.length; i += 1000) await reindex(conn, touched.slice(i, i + 1000));
  let ids = first.map((r) => Number(r.id));
  while (ids.length) {
    await reindex(conn, ids);
    ids = (await conn.all<{ id: number }>(UNDOCUMENTED, [ids[ids.length - 1]!, 1000])).map((r) => Number(r.id));
  }
  await restoreSearchIndexes(conn); // a load into an empty desk set the GIN aside (transfer.ts)
  if (optimize) await conn.run('ANALYZE ticket_search');
}
