/**
 * Small terminal charts for reports: horizontal bars and sparklines, in Unicode block characters.
 */

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A bar `width` cells long at `max`, in eighths of a cell; at least a sliver for any value above 0. */
export function bar(value: number, max: number, width: number): string {
  if (!(max > 0) || !(value > 0)) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

/**
 * The largest value (at least `floor`), by a loop: Math.max(...values) puts every value on the
 * stack and throws past ~125k of them.
 */
export function maxOf(values: Iterable<number>, floor = 0): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** One character per value (· for zero), scaled to `scaleMax` (default: the values' own maximum). */
export function sparkline(values: readonly number[], scaleMax = maxOf(values)): string {
  return values.map((v) => (scaleMax > 0 && v > 0 ? SPARKS[Math.min(7, Math.ceil((v / scaleMax) * 8) - 1)]! : '·')).join('');
}

/** Sums consecutive values into at most `width` buckets, so a long series fits a line. */
export function bucket(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  const size = Math.ceil(values.length / width);
  const out: number[] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size).reduce((a, b) => a + b, 0));
  return out;
}
