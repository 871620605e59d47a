import { Command } from 'commander';
import { HelpdeskError, UsageError } from '../../../core/errors.js';
import { isPostgresUrl } from '../../../store/open.js';
import type { PgDatabaseReport } from '../../../store/pg/admin.js';
import type { PgStoreHandle } from '../../../store/open.js';
import type { DatabaseReport } from '../../../desk/maintenance.js';
import { dbPathOf, globalsOf, identityOf, openFreshDesk, useColor, type Factory, type Globals } from '../../factory.js';
import { makeStyle } from '../../render/style.js';
import { printJson } from '../shared.js';

export interface DoctorOptions {
  reindex?: boolean;
  globals: Globals;
}

export function newDoctorCommand(f: Factory, run = runDoctor): Command {
  return new Command('doctor')
    .description('check the database: path, schema version, integrity, search index, size and counts (changes nothing)')
    .option('--reindex', 'first rebuild the search index from the tickets (when the check says it is out of step)')
    .action((o: { reindex?: boolean }, cmd: Command) => run(f, { reindex: o.reindex, globals: globalsOf(cmd) }));
}

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export async function runDoctor(f: Factory, o: DoctorOptions): Promise<void> {
  const g = o.globals;
  const path = dbPathOf(f, g);
  if (isPostgresUrl(path)) return runPgDoctor(f, o);
  const { examineDatabase, reindexSearch, requireAdminOf } = await import('../../../desk/maintenance.js');
  const first = examineDatabase(path); // exit 3 when there is no database
  // Admins only — where the file can say who the admins are. A damaged, foreign or newer file is
  // reported to whoever runs this: it cannot be trusted to say, and the report is how it gets fixed.
  if (first.helpdesk && first.integrity.join() === 'ok' && first.schema_version <= first.supported_schema_version) {
    const desk = openFreshDesk(f, g, false);
    try {
      await requireAdminOf(desk, identityOf(f, g, desk.store.path), 'run the doctor');
    } finally {
      desk.store.close();
    }
  }
  if (o.reindex) {
    reindexSearch(path);
    if (!g.json) f.io.err('Rebuilt the search index.\n');
  }
  const report = o.reindex ? examineDatabase(path) : first;
  const searchOk = report.search_index === null || report.search_index === 'ok';
  const healthy = report.integrity.join() === 'ok' && searchOk && report.helpdesk && report.schema_version <= report.supported_schema_version;
  if (g.json) printJson(f, { ...report, ok: healthy });
  else f.io.out(doctorText(report, useColor(f, g)));
  if (!report.helpdesk) throw new HelpdeskError(`${report.path} holds no help desk organisation`, 1, 'create one with: helpdesk init');
  if (report.integrity.join() !== 'ok') {
    throw new HelpdeskError('the database failed its integrity check', 1, 'restore the latest backup: helpdesk restore <file> --force');
  }
  if (!searchOk) throw new HelpdeskError('the search index is out of step with the tickets', 1, 'rebuild it: helpdesk doctor --reindex');
  if (report.schema_version > report.supported_schema_version) {
    throw new HelpdeskError('the database is newer than this helpdesk', 1, 'upgrade helpdesk (npm install -g helpdesk@latest)');
  }
}

/** The doctor on a PostgreSQL desk — server and schema version, counts, index health. */
async function runPgDoctor(f: Factory, o: DoctorOptions): Promise<void> {
  const g = o.globals;
  if (o.reindex) throw new UsageError('--reindex rebuilds a SQLite search index; PostgreSQL keeps its index in step by itself', 'rebuild an index with REINDEX (psql); see helpdesk doctor');
  const { requireAdminOf } = await import('../../../desk/maintenance.js');
  const desk = openFreshDesk(f, g, false);
  try {
    const store = desk.store as PgStoreHandle;
    const report = await store.inspect();
    if (report.helpdesk && report.schema_version !== null && report.schema_version <= report.supported_schema_version) {
      await requireAdminOf(desk, identityOf(f, g, store.path), 'run the doctor');
    }
    const healthy = report.integrity.join() === 'ok' && report.helpdesk && (report.schema_version ?? 0) <= report.supported_schema_version;
    if (g.json) printJson(f, { ...report, ok: healthy });
    else f.io.out(pgDoctorText(report, useColor(f, g)));
    if (report.schema_version === null) throw new HelpdeskError(`${report.path} holds no help desk: ${report.integrity[0]}`, 1, 'create one with: helpdesk init');
    if (report.schema_version > report.supported_schema_version) {
      throw new HelpdeskError('the database is newer than this helpdesk', 1, 'upgrade helpdesk (npm install -g helpdesk@latest)');
    }
    if (!report.helpdesk) throw new HelpdeskError(`${report.path} holds no help desk organisation`, 1, 'create one with: helpdesk init');
    if (report.integrity.join() !== 'ok') throw new HelpdeskError('some indexes of the database are invalid', 1, 'rebuild them: REINDEX INDEX <name> (psql), as listed above');
  } finally {
    desk.store.close();
  }
}

/** The rows both stores' reports share: what the desk holds, from its counts. */
function contentRows(r: { counts: Record<string, number | null>; last_ticket_number: string | null }): Array<[string, string]> {
  const c = r.counts;
  const n = (k: string) => (c[k] === null || c[k] === undefined ? '—' : String(c[k]));
  const of = (k: string, one: string, many = `${one}s`) => `${n(k)} ${c[k] === 1 ? one : many}`;
  return [
    ['Tickets', `${n('tickets')} (${n('open_tickets')} open, ${n('closed_tickets')} closed) · ${of('thread_entries', 'thread entry', 'thread entries')} · ${of('events', 'event')}`],
    ['People', `${of('agents', 'active agent')} · ${of('users', 'end user')}`],
    ['Organisation', `${of('departments', 'department')} · ${of('teams', 'team')} · ${of('topics', 'help topic')} · ${of('sla_plans', 'SLA plan')}`],
    ['Mail outbox', `${n('outbox_pending')} pending · ${n('outbox_failed')} failed`],
    ['Last ticket', r.last_ticket_number ? `#${r.last_ticket_number}` : '—'],
  ];
}

function pgDoctorText(r: PgDatabaseReport, color: boolean): string {
  const s = makeStyle(color);
  const invalid = r.indexes.invalid;
  const rows: Array<[string, string]> = [
    ['Database', r.path],
    ['Server', `PostgreSQL ${r.server_version}`],
    ['Schema', `version ${r.schema_version ?? 'none'} (this helpdesk: ${r.supported_schema_version})`],
    ['Size', humanBytes(r.bytes)],
    ['Indexes', invalid.length ? s.red(`${invalid.length} of ${r.indexes.total} invalid: ${invalid.join(', ')}`) : s.green(`${r.indexes.total} ok`)],
    ...contentRows(r),
  ];
  return rows.map(([k, v]) => `${s.gray(k.padEnd(13))}${v}`).join('\n') + '\n';
}

function doctorText(r: DatabaseReport, color: boolean): string {
  const s = makeStyle(color);
  const ok = r.integrity.join() === 'ok';
  const rows: Array<[string, string]> = [
    ['Database', r.path],
    ['Schema', `version ${r.schema_version} (this helpdesk: ${r.supported_schema_version})`],
    ['SQLite', `${r.sqlite_version}, journal ${r.journal_mode}, ${r.page_count} pages of ${r.page_size} B, ${r.freelist_count} free`],
    ['Size', `${humanBytes(r.bytes)}${r.wal_bytes ? ` + ${humanBytes(r.wal_bytes)} write-ahead log` : ''}`],
    ['Integrity', ok ? s.green('ok') : s.red(r.integrity.slice(0, 5).join('; '))],
    ['Search index', r.search_index === null ? s.gray('not checked') : r.search_index === 'ok' ? s.green('ok') : s.red(r.search_index)],
    ...contentRows(r),
  ];
  return rows.map(([k, v]) => `${s.gray(k.padEnd(13))}${v}`).join('\n') + '\n';
}
