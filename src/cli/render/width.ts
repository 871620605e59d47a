/**
 * Display widths on a terminal: how many columns a string takes (CJK and most emoji two, combining
 * marks none, escape codes none), cutting to a width and wrapping at words by that measure — never by
 * UTF-16 length, which made one CJK subject widen a whole table.
 *
 * string-width is loaded on first use, like cli-table3: only output drawn for a terminal measures
 * anything, so piped output and --json never load its Unicode tables.
 */
import { requireOnDemand } from '../on-demand.js';

type WidthFn = (text: string, options?: { countAnsiEscapeCodes?: boolean }) => number;
let widthFn: WidthFn | undefined;
let graphemes: Intl.Segmenter | undefined;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const ANSI_START = /\u001b\[[0-9;]*m/y;

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
/**
 * Text of one-column characters and controls (no escape): ASCII, Latin-1 and Latin Extended (soft
 * hyphen aside), general punctuation ("·", "—", "…"), arrows ("→"), box drawing and shapes ("▶";
 * not the wide ◽ ◾). string-width counts each of them one column and a control none (checked one
 * by one in test/cli/show-start-up.test.ts).
 */
// eslint-disable-next-line no-control-regex -- the point is to accept control characters
const NARROW = /^[\x00-\x1a\x1c-\x7f\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u25fc\u25ff]*$/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x1f\x7f]/g;

export const stripAnsi = (text: string): string => text.replace(ANSI, '');

/** Columns `text` takes on a terminal (color codes take none). */
export function displayWidth(text: string): number {
  const plain = stripAnsi(text);
  // Most cells are plain ASCII: one column a character, no table needed.
  if (ASCII_PRINTABLE.test(plain)) return plain.length;
  // A thread entry's lines, tabs and the show's own "·" and "→": no Unicode tables (loading
  // string-width's was ~100 ms of every `ticket show`).
  if (NARROW.test(plain)) return plain.length - (plain.match(CONTROLS)?.length ?? 0);
  widthFn ??= (requireOnDemand('string-width') as { default: WidthFn }).default;
  return widthFn(plain);
}

function segments(text: string): Iterable<string> {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return [...graphemes.segment(text)].map((s) => s.segment);
}

/**
 * `text` cut to at most `width` columns, ending in "…" when something was cut. Whole graphemes only
 * (an emoji with its skin tone, a letter with its accents); color codes are kept and closed.
 */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  const room = width - 1;
  let used = 0;
  let out = '';
  let colored = false;
  for (let i = 0; i < text.length;) {
    ANSI_START.lastIndex = i;
    const code = ANSI_START.exec(text);
    if (code) {
      out += code[0];
      colored = true;
      i += code[0].length;
      continue;
    }
    const next = text.indexOf('\u001b', i);
    const chunk = text.slice(i, next === -1 ? text.length : next);
    for (const g of segments(chunk)) {
      const w = displayWidth(g);
      if (used + w > room) return `${out}…${colored ? '\u001b[0m' : ''}`;
      out += g;
      used += w;
    }
    i += chunk.length;
  }
  return out;
}

/** `text` padded with spaces on the right to `width` columns. */
export function padToWidth(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/** Scripts written without spaces between words, where a line may break between any two characters. */
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/** A word as the pieces a line may break between: whole graphemes, and color codes (no width). */
function pieces(word: string): string[] {
  const out: string[] = [];
  // eslint-disable-next-line no-control-regex -- the escape sequences of colors, kept whole
  for (const part of word.split(/(\u001b\[[0-9;]*m)/)) {
    if (part === '') continue;
    if (part.startsWith('\u001b')) out.push(part);
    else for (const seg of segments(part)) out.push(seg);
  }
  return out;
}

/**
 * Wraps one paragraph (no newlines) at word boundaries to `width` columns, every line starting with
 * `indent`. Spacing inside a line is kept (aligned labels stay aligned); a word longer than a line
 * is cut by graphemes so that no line exceeds the width. Color codes take no room.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const room = Math.max(1, width - displayWidth(indent));
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const flush = () => {
    lines.push(indent + line.trimEnd());
    line = '';
    used = 0;
  };
  const tokens = text.split(/( +)/); // even: words, odd: the spaces between them
  for (let i = 0; i < tokens.length; i += 2) {
    const word = tokens[i]!;
    // The spaces before a word; dropped where a line breaks, kept at the very start.
    const lead = line === '' && lines.length > 0 ? '' : (tokens[i - 1] ?? '');
    const w = displayWidth(word);
    if (used + lead.length + w <= room) {
      line += lead + word;
      used += lead.length + w;
    } else if (w <= room && !CJK.test(word)) {
      flush();
      line = word;
      used = w;
    } else {
      // A long URL, or CJK (which breaks between any two characters): by graphemes, starting on this line.
      if (used + lead.length < room) {
        line += lead;
        used += lead.length;
      } else flush();
      for (const piece of pieces(word)) {
        const pw = displayWidth(piece);
        if (used > 0 && used + pw > room) flush();
        line += piece;
        used += pw;
      }
    }
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

/** Every line of `text` wrapped at words (see wrapWords), blank lines kept. */
export function wrapText(text: string, width: number, indent = ''): string {
  return text.split('\n').map((p) => {
    if (p.trim() === '') return indent.trimEnd();
    // A paragraph's own leading spaces (quoted code, a list) stay part of its indent.
    const lead = /^ */.exec(p)![0];
    return wrapWords(p.slice(lead.length), width, indent + lead).join('\n');
  }).join('\n');
}

/**
 * Every line of `text` that is wider than `width` wrapped at words, its continuation lines indented
 * two columns deeper than the line itself (`  · a long explanation…` → `    …the rest`).
 */
export function fitLines(text: string, width: number): string {
  return text.split('\n').map((line) => {
    if (displayWidth(line) <= width) return line;
    const indent = /^ */.exec(line)![0];
    // A labelled line ("SLA       Default SLA · due …") continues under its value.
    const label = /^ *\S+(?: \S+)? {2,}/.exec(stripAnsi(line));
    const hanging = label && label[0].length <= 24 ? ' '.repeat(label[0].length) : `${indent}  `;
    const [first, ...rest] = wrapWords(line.slice(indent.length), width - indent.length);
    const more = rest.length ? wrapWords(rest.join(' '), width, hanging) : [];
    return [indent + first!, ...more].join('\n');
  }).join('\n');
}
