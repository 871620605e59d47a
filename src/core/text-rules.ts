/**
 * What one line of text people type may hold (subjects, names, addresses). They end up in mail
 * headers, tab-separated rows and terminals: a CR or LF there splits a header or a row, and other
 * control characters are commands to a terminal. Pure: no I/O.
 */

// C0, DEL and C1.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Characters that show nothing yet make two addresses that look alike differ: zero-width, word
// joiner, soft hyphen, BOM, and the bidi controls that reorder what an agent reads.
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/** Whether the text holds a control character (tab, CR, LF, escape …). */
export function hasControl(text: string): boolean {
  return CONTROL.test(text);
}

/** The first invisible character in the text as `U+200B`, or null. */
export function invisibleIn(text: string): string | null {
  const m = INVISIBLE.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}
