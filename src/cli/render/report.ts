/**
 * `helpdesk report` for people (figures, bars per group, a sparkline of daily created vs resolved), for
 * spreadsheets (CSV with a header) and for pipes (TSV rows, no header).
 */
import { fitTable, type FitColumn } from './fit.js';
import { fitLines } from './width.js';
import type { ReportMetrics } from '../../core/report.js';
import { formatMinutes } from '../../core/sla.js';
import type { Report, ReportGroupRow } from '../../desk/report.js';
import { bar, bucket, maxOf, sparkline } from './charts.js';
import { tsvRow, type Style } from './style.js';
import { safeLine } from './sanitize.js';
import { localTime } from './time.js';

/** The columns of CSV and TSV rows, after the group key. */
export const REPORT_COLUMNS: ReadonlyArray<keyof ReportMetrics> = [
  'created', 'resolved', 'backlog', 'overdue', 'first_response_overdue', 'reopened', 'reopen_rate_pct',
  'sla_compliance_pct', 'first_response_compliance_pct', 'first_response_median_minutes', 'first_response_p90_minutes',
  'resolution_median_minutes', 'resolution_p90_minutes',
];

/** Group rows, then the total (key "total"); a group without a key (e.g. unassigned) has an empty key. */
function rows(r: Report): Array<[string, ReportMetrics & { time_spent_minutes: number }]> {
  return [...r.groups.map((g): [string, ReportGroupRow] => [g.key ?? '', g]), ['total', r]];
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(r: Report): string {
  const head = [r.by ?? 'key', ...REPORT_COLUMNS, 'time_spent_minutes'].join(',');
  const body = rows(r).map(([key, m]) => [key, ...REPORT_COLUMNS.map((c) => m[c]), m.time_spent_minutes].map(csvField).join(','));
  return `${[head, ...body].join('\n')}\n`;
}

export function reportTsv(r: Report, header = false): string {
  return (header ? tsvRow([r.by ?? 'key', ...REPORT_COLUMNS, 'time_spent_minutes']) : '') +
    rows(r).map(([key, m]) => tsvRow([key, ...REPORT_COLUMNS.map((c) => m[c]), m.time_spent_minutes])).join('');
}

const mins = (m: number | null) => (m === null ? '—' : formatMinutes(m));
const pctText = (p: number | null) => (p === null ? '—' : `${p}%`);

function windowText(r: Report): string {
  if (r.since === null && r.until === null) return 'all time';
  const when = (iso: string) => localTime(iso, r.timezone);
  return `${r.since ? when(r.since) : 'the start'} → ${r.until ? when(r.until) : 'now'} (${r.timezone})`;
}

function compliance(s: Style, p: number | null): string {
  if (p === null) return s.gray('—');
  const color = p >= 90 ? s.green : p >= 70 ? s.yellow : s.red;
  return `${color(`${p}%`.padStart(6))} ${color(bar(p, 100, 10))}`;
}

export function reportText(s: Style, r: Report, columns: number): string {
  const out: string[] = [];
  out.push(`${s.bold('Report')} · tickets created ${windowText(r)} · business time of each ticket's plan`, '');
  const line = (label: string, value: string) => out.push(`  ${s.gray(label.padEnd(22))}${value}`);
  line('Created / resolved', `${r.created} / ${r.resolved}`);
  line('Open backlog', `${r.backlog}${r.overdue ? `  ${s.red(`${r.overdue} overdue`)}` : ''}${r.first_response_overdue ? `  ${s.red(`${r.first_response_overdue} awaiting a late first reply`)}` : ''}`);
  line('Reopen rate', `${pctText(r.reopen_rate_pct)}${r.reopened ? s.gray(` (${r.reopened} reopened)`) : ''}`);
  line('Resolution SLA', compliance(s, r.sla_compliance_pct));
  line('First-response SLA', compliance(s, r.first_response_compliance_pct));
  line('First response', `median ${mins(r.first_response_median_minutes)} · 90th percentile ${mins(r.first_response_p90_minutes)}`);
  line('Resolution', `median ${mins(r.resolution_median_minutes)} · 90th percentile ${mins(r.resolution_p90_minutes)}`);
  if (r.time_spent_minutes) line('Time spent', formatMinutes(r.time_spent_minutes));
  if (r.csat_responses) line('Satisfaction', `${r.csat_average} / 5 ${s.gray(`(${r.csat_responses} ratings)`)}`);
  if (r.daily.length > 1) {
    const width = Math.max(10, Math.min(60, columns - 30));
    const created = bucket(r.daily.map((d) => d.created), width);
    const resolved = bucket(r.daily.map((d) => d.resolved), width);
    const max = Math.max(maxOf(created), maxOf(resolved));
    const span = `${r.daily[0]!.date} → ${r.daily[r.daily.length - 1]!.date}`;
    out.push('', `  ${s.bold('Daily')} ${s.gray(`${span}${r.daily.length > width ? `, ${Math.ceil(r.daily.length / width)} days a column` : ''}`)}`);
    out.push(`  ${s.gray('created '.padEnd(10))}${s.cyan(sparkline(created, max))}`);
    out.push(`  ${s.gray('resolved'.padEnd(10))}${s.green(sparkline(resolved, max))}`);
  }
  if (r.by !== null) out.push('', groupTable(s, r, r.groups, columns));
  return `${fitLines(out.join('\n'), columns)}\n`;
}

function groupTable(s: Style, r: Report, groups: ReportGroupRow[], columns: number): string {
  const max = maxOf(groups.map((g) => g.created));
  const none = { dept: '—', agent: '(unassigned)', sla: '(no plan)', topic: '(no topic)', team: '(no team)', status: '—' }[r.by!];
  // Numbers are never cut; on a narrow terminal the bar, then the medians and the time spent give way.
  const cols: FitColumn[] = [
    { head: GROUP_HEAD[r.by!], min: 10 }, { head: 'Created', keep: true, align: 'right' }, { head: 'Share', min: 5, drop: 4 },
    { head: 'Resolved', keep: true, align: 'right' }, { head: 'Backlog', keep: true, align: 'right' },
    { head: 'Overdue', keep: true, align: 'right' }, { head: 'SLA', keep: true, align: 'right' },
    { head: 'First resp.', keep: true, drop: 2 }, { head: 'Resolution', keep: true, drop: 1 }, { head: 'Time', keep: true, drop: 3 },
  ];
  const rows = groups.map((g) => [
    g.key === null ? s.gray(none) : safeLine(g.key), String(g.created), s.cyan(bar(g.created, max, 12)), String(g.resolved), String(g.backlog),
    g.overdue ? s.red(String(g.overdue)) : '0', pctText(g.sla_compliance_pct),
    mins(g.first_response_median_minutes), mins(g.resolution_median_minutes), g.time_spent_minutes ? formatMinutes(g.time_spent_minutes) : '—',
  ]);
  return `${fitTable(s, cols, rows, columns)}  ${s.gray('First resp. and Resolution are medians of business time.')}`;
}

const GROUP_HEAD = { dept: 'Department', agent: 'Agent', sla: 'SLA plan', topic: 'Help topic', team: 'Team', status: 'Status' } as const;
