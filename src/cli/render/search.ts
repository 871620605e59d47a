/**
 * Search results for people: the ticket line with the matched words highlighted, and under it the
 * part of the thread that matched. Piped: tab-separated (number, status, department, score, subject,
 * where it matched, snippet), no highlighting.
 */
import type { SearchHit } from '../../desk/tickets/search.js';
import { statusColor, statusLabel, tsvRow, type Style } from './style.js';
import { forTerminal, safeLine } from './sanitize.js';
import { localTime } from './time.js';

/** The text with the ranges marked by `mark`. */
export function markRanges(text: string, ranges: ReadonlyArray<[number, number]>, mark: (t: string) => string): string {
  let out = '';
  let at = 0;
  for (const [a, b] of ranges) {
    out += safeLine(text.slice(at, a)) + mark(safeLine(text.slice(a, b)));
    at = b;
  }
  return out + safeLine(text.slice(at));
}

export function searchTsv(hits: readonly SearchHit[]): string {
  return hits.map((h) => tsvRow([
    h.number, h.status, h.department, h.score, h.subject,
    h.snippet ? `${h.snippet.kind}:${h.snippet.author}` : 'subject', h.snippet?.text ?? '',
  ])).join('');
}

export function searchLines(s: Style, hits: readonly SearchHit[], timeZone: string): string {
  const mark = (t: string) => s.bold.yellow(t);
  const lines: string[] = [];
  for (const h of hits) {
    const shown = forTerminal({ department: h.department, assignee: h.assignee, author: h.snippet?.author ?? '' });
    const meta = [statusColor(s, h.status)(statusLabel(h.status, h.status_name)), shown.department, shown.assignee ?? 'unassigned'];
    lines.push(`${s.bold(`#${h.number}`)}  ${markRanges(h.subject, h.subject_highlights, mark)}  ${s.gray(meta.join(' · '))}`);
    if (h.snippet) {
      const where = `${h.snippet.kind === 'note' ? 'internal note' : h.snippet.kind} · ${shown.author} · ${localTime(h.snippet.created_at, timeZone)}`;
      lines.push(`    ${s.gray(where)}`);
      lines.push(`    ${markRanges(h.snippet.text, h.snippet.highlights, mark)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
