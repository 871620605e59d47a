/**
 * Rendering a parsed search (core/search.ts) as an FTS5 MATCH expression for the ticket_fts table.
 * Every term is quoted (terms hold only letters and digits, so quoting is exact), and an end user's
 * search is wrapped in a column filter so that internal notes can neither match nor exclude.
 */
import type { Scope } from '../core/access.js';
import type { SearchQuery } from '../core/search.js';

function render(q: SearchQuery): string {
  switch (q.type) {
    case 'phrase': return `"${q.tokens.join(' ')}"${q.prefix ? '*' : ''}`;
    case 'and': return `(${q.items.map(render).join(' AND ')})`;
    case 'or': return `(${q.items.map(render).join(' OR ')})`;
    case 'not': return q.exclude.reduce((acc, e) => `(${acc} NOT ${render(e)})`, render(q.include));
  }
}

/** The MATCH expression for this search as seen by this scope. */
export function ftsMatch(q: SearchQuery, scope: Scope): string {
  const expr = render(q);
  return scope.kind === 'user' ? `{subject public} : (${expr})` : expr;
}
