/**
 * Tables that fit the terminal: columns take their natural width while the line fits,
 * then the widest shrinkable column gives up a column at a time (its cells cut by display width
 * with "…"), down to each column's minimum; if even that is too wide, columns that may be dropped
 * go, least useful first. No borders, two spaces between columns, a bold header — as gh and kubectl
 * print lists. No line is ever longer than the width.
 */
import type { Style } from './style.js';
import { displayWidth, padToWidth, truncateToWidth } from './width.js';

export interface FitColumn {
  head: string;
  /** The narrowest this column is cut to (default 6 or its header, or its natural width when less). */
  min?: number;
  /**
   * A long column (a subject) is cut down to this width before any other column is cut at all, so
   * it takes what the others leave but keeps a readable share.
   */
  soft?: number;
  /** Never cut (ticket numbers, due times): the column keeps its natural width. */
  keep?: boolean;
  /** May be left out when the minimums do not fit; the highest number goes first. */
  drop?: number;
  align?: 'right';
}

const GAP = 2;

/** The widths of the columns shown (null: dropped) for cells of these natural widths. */
export function fitWidths(cols: readonly FitColumn[], natural: readonly number[], width: number): (number | null)[] {
  const shown: (number | null)[] = [...natural];
  // A header is cut only when nothing else helps: it is what says what a column is.
  const mins = cols.map((c, i) => (c.keep ? natural[i]! : Math.min(natural[i]!, Math.max(c.min ?? 6, displayWidth(c.head)))));
  const total = () => {
    const visible = shown.filter((w): w is number => w !== null);
    return visible.reduce((a, b) => a + b, 0) + GAP * Math.max(0, visible.length - 1);
  };
  const softs = cols.map((c, i) => Math.max(mins[i]!, c.soft ?? natural[i]!));
  for (;;) {
    const over = shrink(shown, softs, total() - width);
    if (shrink(shown, mins, over) <= 0) return shown;
    const droppable = cols.map((c, i) => ({ i, drop: c.drop })).filter((c) => c.drop !== undefined && shown[c.i] !== null);
    if (droppable.length === 0) {
      // Nothing left to drop on a very narrow terminal: cut below the minimums rather than overflow.
      shrink(shown, cols.map((c, i) => (c.keep ? natural[i]! : Math.min(natural[i]!, 3))), total() - width);
      return shown;
    }
    droppable.sort((a, b) => b.drop! - a.drop!);
    shown[droppable[0]!.i] = null;
    // Start again from natural widths: the room a dropped column leaves may un-cut the others.
    for (let i = 0; i < shown.length; i++) if (shown[i] !== null) shown[i] = natural[i]!;
  }
}

/** Takes up to `over` columns from the widest columns above their floor; returns what is still over. */
function shrink(shown: (number | null)[], floors: readonly number[], over: number): number {
  while (over > 0) {
    let widest = -1;
    for (let i = 0; i < shown.length; i++) {
      const w = shown[i];
      if (w === null || w === undefined || w <= floors[i]!) continue;
      if (widest === -1 || w > shown[widest]!) widest = i;
    }
    if (widest === -1) return over;
    shown[widest]! -= 1;
    over -= 1;
  }
  return over;
}

/** Lays out `rows` (cells may carry color) under `cols` in at most `width` columns. */
export function fitTable(s: Style, cols: readonly FitColumn[], cells: readonly (readonly string[])[], width: number): string {
  // A cell is one line: a line break or tab in what someone wrote would tear the table apart.
  const rows = cells.map((r) => r.map((c) => c.replace(/[\r\n\t]+/g, ' ')));
  const natural = cols.map((c) => displayWidth(c.head));
  for (const r of rows) for (let i = 0; i < cols.length; i++) natural[i] = Math.max(natural[i]!, displayWidth(r[i] ?? ''));
  const widths = fitWidths(cols, natural, width);
  const last = widths.reduce<number>((at, w, i) => (w === null ? at : i), -1);
  const line = (cells: readonly string[], head: boolean) => {
    const parts: string[] = [];
    cells.forEach((cell, i) => {
      const w = widths[i];
      if (w === null || w === undefined) return;
      let text = truncateToWidth(cell, w);
      if (head) text = s.bold(text);
      if (cols[i]!.align === 'right') text = ' '.repeat(Math.max(0, w - displayWidth(text))) + text;
      else if (i !== last) text = padToWidth(text, w);
      parts.push(text);
    });
    return truncateToWidth(parts.join(' '.repeat(GAP)).trimEnd(), width);
  };
  return `${[line(cols.map((c) => c.head), true), ...rows.map((r) => line(r, false))].join('\n')}\n`;
}
