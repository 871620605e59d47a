/**
 * The one gate between what people wrote and a terminal. Subjects, bodies, names, addresses, file
 * names and mail headers come from end users and from anyone who can send mail; written raw, an
 * escape sequence in them could clear the agent's screen, retitle the window, write the clipboard
 * (OSC 52) or plant a link. Every human and tab-separated renderer passes such text through here, so
 * control characters are shown visibly instead (`^[`, `^M`, `\x9b`). `--json` never comes here: it
 * keeps the stored text exactly (JSON escapes controls itself).
 */

// C0 except tab and newline, DEL, C1; and the bidi controls that reorder what follows them
// ("Trojan Source"), which are invisible yet change what an agent reads.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** How one unsafe character is shown: caret notation for C0 and DEL, `\xNN` for C1, `<U+NNNN>` for bidi. */
export function visibleControl(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  if (code <= 0x9f) return `\\x${code.toString(16)}`;
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Text for a terminal, keeping its line breaks and tabs (bodies, which renderers split into lines).
 * A CRLF line end is a line end; a lone CR (which would let a line overwrite itself) is shown as `^M`.
 */
export function safeText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, visibleControl);
}

/** Text that must stay on one line (a table cell, a header): line breaks and tabs are shown too. */
export function safeLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, visibleControl);
}

/**
 * A copy of a value with every string in it made safe by `safeText` — for renderers that print many
 * fields of a record (ticket show, lists): wrapping the record once means no field can be forgotten.
 */
export function forTerminal<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return safeText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = clean(v);
    return out;
  }
  return value;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// Our own color codes (chalk's SGR sequences) and the progress bar's erase-line, and any other
// control character.
// eslint-disable-next-line no-control-regex
const SGR_OR_UNSAFE = /\u001b\[[0-9;]*[mK]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * The last line of defence for text a command has already rendered: what it wrote to a terminal may
 * keep its colors (SGR) but no other control character — a renderer that forgot to pass a field
 * through safeText still cannot clear the screen or write the clipboard.
 */
export function keepColorsOnly(text: string): string {
  // A progress bar redraws its line: a carriage return that starts what it writes is its own.
  const redraw = text.startsWith('\r') ? '\r' : '';
  return redraw + text.slice(redraw.length).replace(SGR_OR_UNSAFE, (m) => (m.length > 1 ? m : visibleControl(m)));
}
