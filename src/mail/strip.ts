/**
 * What a person wrote in a mailed answer, without the history their mail program quoted and without
 * their signature. Pure. The sender's own words are never dropped, wherever they stand: above the
 * history (top-posted), below it (bottom-posted) or between quoted lines (inline answers). Dropped:
 *  - attribution lines ("On … wrote:" in many languages, wrapped or date-first; "… <addr>:"),
 *  - a quoted block that ends the message, and the one quoted block a bottom-posted answer follows,
 *  - Outlook's unquoted history (its From:/Sent:/To: header block, "-----Original Message-----")
 *    and an "On … wrote:" followed by unquoted history,
 *  - a signature after "-- " and a phone's "Sent from my iPhone" when that is the whole last line.
 * The questions of an inline answer stay (the answers make no sense without them). A forwarded
 * message is the content, not history: it is kept. When stripping would leave nothing, the whole
 * text is kept. The original text is stored elsewhere (`mail original`).
 *
 * Written here rather than taken from a library: email-reply-parser 2 needs Node ≥ 22, and planer
 * (talon's algorithm) cuts everything after the first quotation marker unless it sees inline
 * answers — exactly the bottom-posted answer this has to keep.
 */
import { patterns } from './reply-patterns.js';

const MAX_ATTRIBUTION = 400;
const isQuote = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string) => line.trim() === '';

/** How many lines (1–3) starting at i form an attribution, or 0. Wrapped ones span several lines. */
function attributionAt(lines: string[], i: number): number {
  const p = patterns();
  for (let n = 1; n <= 3 && i + n <= lines.length; n++) {
    const part = lines.slice(i, i + n);
    if (part.some((l, k) => isQuote(l) || (k > 0 && isBlank(l)))) return 0;
    const joined = part.map((l) => l.trim()).join(' ');
    if (joined.length > MAX_ATTRIBUTION) return 0;
    if (p.attributionEnd.test(joined) && (n === 1 || p.attributionStart.test(joined))) return n;
  }
  return 0;
}

/** True when the next non-blank line after `from` is quoted. */
function quoteFollows(lines: string[], from: number): boolean {
  for (let k = from; k < lines.length; k++) if (!isBlank(lines[k]!)) return isQuote(lines[k]!);
  return false;
}

/** Outlook's "From: … / Sent: … / To: … / Subject: …" block (after a line of underscores, maybe). */
function outlookBlockAt(lines: string[], i: number): boolean {
  const p = patterns();
  const at = (k: number) => (lines[k] ?? '').trim();
  // Outlook's plain text puts a line of underscores above it; an HTML <hr> becomes a line of dashes.
  let k = i;
  if (/^(?:_{8,}|-{8,})$/.test(at(i))) {
    k++;
    while (k < lines.length && at(k) === '' && k < i + 3) k++;
  }
  if (!p.outlookFrom.test(at(k))) return false;
  let fields = 0;
  for (let j = k + 1; j <= k + 5 && j < lines.length; j++) if (p.outlookNext.test(at(j))) fields++;
  return fields >= 2;
}

/** "On Mon, 2 Mar 2026, Karen wrote:" — and not a sentence of theirs that ends in "wrote:". */
function isHeaderOfHistory(text: string): boolean {
  return patterns().historyLead.test(text.trim()) && /\d|@/.test(text);
}

/** Index from which everything is unquoted history (Outlook style), or lines.length. */
function unquotedHistory(lines: string[]): number {
  const p = patterns();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (p.forward.test(line)) return lines.length; // forwarded content is what they sent us
    if (p.original.test(line) || outlookBlockAt(lines, i)) return i;
    const n = attributionAt(lines, i);
    if (n && !quoteFollows(lines, i + n) && isHeaderOfHistory(lines.slice(i, i + n).join(' '))) return i;
    if (n) i += n - 1;
  }
  return lines.length;
}

interface Block { quote: boolean; start: number; end: number; afterAttribution: boolean }

/** Marks attribution lines before quotes as dropped; returns the quoted and unquoted blocks. */
function blocksOf(lines: string[], drop: boolean[]): Block[] {
  const blocks: Block[] = [];
  let attributed = false;
  for (let i = 0; i < lines.length; i++) {
    const n = isQuote(lines[i]!) ? 0 : attributionAt(lines, i);
    if (n && quoteFollows(lines, i + n)) {
      for (let k = i; k < i + n; k++) drop[k] = true;
      attributed = true;
      i += n - 1;
      continue;
    }
    if (isBlank(lines[i]!)) continue;
    const quote = isQuote(lines[i]!);
    const last = blocks.at(-1);
    if (last && last.quote === quote) last.end = i;
    else blocks.push({ quote, start: i, end: i, afterAttribution: quote && attributed });
    if (quote) attributed = false;
  }
  return blocks;
}

/** Drops quoted history: trailing quotes, the quote of a bottom-posted answer, quoted signatures. */
function dropQuoted(lines: string[], drop: boolean[]): void {
  const blocks = blocksOf(lines, drop);
  const mark = (b: Block, from = b.start) => { for (let k = from; k <= b.end; k++) drop[k] = true; };
  while (blocks.length && blocks.at(-1)!.quote) mark(blocks.pop()!);
  const quotes = blocks.filter((b) => b.quote);
  // One quote with the answer below it, introduced by an attribution: the history of a bottom-post.
  if (quotes.length === 1 && quotes[0]!.afterAttribution) mark(quotes[0]!);
  // Inline answers keep their questions, not the quoted signature ("> -- ") of the mail they answer.
  for (const q of quotes) {
    let sig = lines.slice(q.start, q.end + 1).findIndex((l) => /^\s*>\s*--\s?$/.test(l));
    if (sig < 0) continue;
    while (sig > 0 && /^\s*>\s*$/.test(lines[q.start + sig - 1]!)) sig--;
    mark(q, q.start + sig);
  }
}

/** Index of the signature: "-- " with a short signature below it, or a phone's last line; else -1. */
function signatureStart(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^--\s?$/.test(lines[i]!) && lines.length - i <= 15) return i;
  }
  const last = lines.findLastIndex((l) => !isBlank(l));
  return last >= 0 && patterns().mobile.test(lines[last]!.trim()) ? last : -1;
}

/** The kept lines, with the blank lines around a dropped stretch collapsed to one. */
function join(lines: string[], drop: boolean[]): string[] {
  const out: string[] = [];
  let gap: { blanks: number; dropped: boolean } = { blanks: 0, dropped: false };
  for (let i = 0; i < lines.length; i++) {
    if (drop[i] || isBlank(lines[i]!)) {
      if (drop[i]) gap.dropped = true;
      else gap.blanks++;
      continue;
    }
    const blanks = gap.dropped ? Math.min(gap.blanks, 1) : gap.blanks;
    for (let b = 0; b < blanks; b++) out.push('');
    out.push(lines[i]!);
    gap = { blanks: 0, dropped: false };
  }
  return out;
}

/** The new text of a mailed message: history and signature removed; the original when that leaves nothing. */
export function stripReply(text: string): string {
  const original = text.replace(/\r\n?/g, '\n');
  let lines = original.split('\n');
  lines = lines.slice(0, unquotedHistory(lines));
  const drop = lines.map(() => false);
  dropQuoted(lines, drop);
  lines = join(lines, drop);
  const signature = signatureStart(lines);
  if (signature >= 0) lines = lines.slice(0, signature);
  while (lines.length && isBlank(lines.at(-1)!)) lines.pop();
  while (lines.length && isBlank(lines[0]!)) lines.shift();
  const stripped = lines.join('\n');
  return stripped.trim() === '' ? original.trim() : stripped;
}
