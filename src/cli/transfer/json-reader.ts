/**
 * Reading a large JSON document as a stream: the top-level object's values one by one, and the
 * elements of chosen top-level arrays (`users`, `tickets`) one by one, so a file of any size is
 * read in flat memory. Each value is checked by JSON.parse; errors name the line and the record.
 */
import { UsageError } from '../../core/errors.js';
import type { ImportItem } from '../../desk/transfer/import.js';
import { MAX_IMPORT_RECORD } from '../../core/limits.js';

const WS = new Set([0x20, 0x0a, 0x0d, 0x09, 0xfeff]);
const QUOTE = 0x22;
/** Characters that matter inside a string (JSON strings hold no raw line breaks). */
const SPECIAL = /["\\]/g;
const BACKSLASH = 0x5c;
const isOpen = (c: number) => c === 0x7b || c === 0x5b;
const isClose = (c: number) => c === 0x7d || c === 0x5d;
/** Numbers, true, false and null end at the first of these, which belongs to what follows. */
const endsPrimitive = (c: number) => c === 0x2c || isClose(c) || WS.has(c);

type Phase = 'start' | 'key' | 'colon' | 'value' | 'after-value' | 'array' | 'after-element' | 'end';

/** The raw text of one JSON value (or key), collected across chunks. */
class Capture {
  parts: string[] = [];
  /** Characters collected so far (to stop a record that would not fit in memory). */
  size = 0;
  depth = 0;
  inString = false;
  escape = false;
  primitive = false;
  constructor(public from: number, readonly line: number, first: number) {
    if (first === QUOTE) this.inString = true;
    else if (isOpen(first)) this.depth = 1;
    else this.primitive = true;
  }

  /** Takes the next character (after the first); true when the value ends with it. */
  take(c: number): boolean {
    if (this.inString) {
      if (this.escape) this.escape = false;
      else if (c === BACKSLASH) this.escape = true;
      else if (c === QUOTE) this.inString = false;
      return !this.inString && this.depth === 0;
    }
    if (c === QUOTE) this.inString = true;
    else if (isOpen(c)) this.depth++;
    else if (isClose(c)) return --this.depth === 0;
    return false;
  }
}

export class JsonStreamError extends UsageError {}


/** A push parser: feed it chunks, collect the items each one completes, then end(). */
class ItemReader {
  private phase: Phase = 'start';
  private line = 1;
  private key = '';
  private index = 0;
  private cap: Capture | null = null;
  private keyCap: Capture | null = null;
  /** After '{' or '[' a closing bracket may follow at once; after ',' it may not. */
  private mayClose = false;
  private items: ImportItem[] = [];

  constructor(private readonly streamed: ReadonlySet<string>, private readonly maxRecord: number) {}

  feed(chunk: string): ImportItem[] {
    this.items = [];
    for (let i = 0; i < chunk.length; i++) i = this.step(chunk, i);
    for (const c of [this.cap, this.keyCap]) {
      if (!c) continue;
      const rest = chunk.slice(c.from);
      c.parts.push(rest);
      c.from = 0;
      c.size += rest.length;
      if (c.size > this.maxRecord) this.tooLarge();
    }
    return this.items;
  }

  private tooLarge(): never {
    const at = this.phase === 'array' ? `${this.key}[${this.index}]` : `'${this.key}'`;
    throw new JsonStreamError(`the record ${at} at line ${this.cap?.line ?? this.line} is larger than ${Math.round(this.maxRecord / 1024 ** 2)} MiB; stopped reading`,
      'nothing was imported; records that large are not from helpdesk export');
  }

  end(): void {
    if (this.phase === 'end') return;
    const inArray = this.phase === 'array' || this.phase === 'after-element' || this.cap !== null;
    const where = inArray ? ` in ${this.key}[${this.index}]` : this.key ? ` after "${this.key}"` : '';
    throw new JsonStreamError(`the file ends early${where} (line ${this.line}): it looks truncated`, 'nothing was imported; export the data again');
  }

  /** Handles the character at i; returns the index to continue after. */
  private step(chunk: string, i: number): number {
    const c = chunk.charCodeAt(i);
    if (this.cap?.primitive) {
      if (!endsPrimitive(c)) return i;
      this.complete(chunk.slice(this.cap.from, i));
      return i - 1; // the delimiter is looked at again
    }
    if (c === 0x0a) this.line++;
    if (this.cap) {
      if (this.cap.inString && !this.cap.escape && c !== QUOTE && c !== BACKSLASH) {
        // Inside a string only a quote or a backslash matters: skip to the next one.
        SPECIAL.lastIndex = i;
        const next = SPECIAL.exec(chunk);
        return next ? next.index - 1 : chunk.length - 1;
      }
      if (this.cap.take(c)) this.complete(chunk.slice(this.cap.from, i + 1));
      return i;
    }
    if (this.keyCap) {
      if (c === 0x0a) this.fail('a line break inside a field name');
      if (this.keyCap.take(c)) {
        this.keyCap.parts.push(chunk.slice(this.keyCap.from, i + 1));
        this.key = this.parse(this.keyCap) as string;
        this.keyCap = null;
        this.phase = 'colon';
      }
      return i;
    }
    if (this.phase === 'array' && c === 0x7b) {
      const end = this.wholeLine(chunk, i);
      if (end >= 0) return end;
    }
    if (!WS.has(c)) this.structural(c, i);
    // A number, true, false or null just started: its first character is taken like the rest.
    const started = this.cap as Capture | null;
    return started?.primitive ? i - 1 : i;
  }

  /**
   * The fast path for files as `helpdesk export` writes them, one record per line: when the rest of
   * the line from the '{' at i (less a trailing comma) is one JSON value, that is the element, and
   * JSON.parse has read it at native speed. Returns the index to continue after, or -1 to read it
   * character by character (an element across lines or chunks, or anything malformed, whose error
   * the slow path then reports exactly).
   */
  private wholeLine(chunk: string, i: number): number {
    const nl = chunk.indexOf('\n', i);
    if (nl < 0) return -1;
    let last = nl - 1;
    while (last > i && WS.has(chunk.charCodeAt(last))) last--;
    const comma = chunk.charCodeAt(last) === 0x2c;
    let value: unknown;
    try {
      value = JSON.parse(chunk.slice(i, comma ? last : last + 1));
    } catch {
      return -1;
    }
    this.items.push({ key: this.key, index: this.index++, value, line: this.line });
    this.phase = comma ? 'array' : 'after-element';
    this.mayClose = false;
    return nl - 1;
  }

  /** Brackets, commas, colons and the starts of values between the captured parts. */
  private structural(c: number, i: number): void {
    switch (this.phase) {
      case 'start':
        if (c !== 0x7b) this.fail('expected the document to be an object ({ … })');
        this.phase = 'key';
        this.mayClose = true;
        return;
      case 'key':
        if (c === 0x7d && this.mayClose) { this.phase = 'end'; return; }
        if (c !== QUOTE) this.fail('expected a field name in double quotes');
        this.keyCap = new Capture(i, this.line, c);
        return;
      case 'colon':
        if (c !== 0x3a) this.fail(`expected ':' after "${this.key}"`);
        this.phase = 'value';
        return;
      case 'value':
        if (c === 0x5b && this.streamed.has(this.key)) { this.phase = 'array'; this.index = 0; this.mayClose = true; return; }
        this.cap = new Capture(i, this.line, c);
        return;
      case 'array':
        if (c === 0x5d && this.mayClose) { this.phase = 'after-value'; return; }
        this.cap = new Capture(i, this.line, c);
        return;
      case 'after-element':
        if (c === 0x2c) { this.phase = 'array'; this.mayClose = false; return; }
        if (c === 0x5d) { this.phase = 'after-value'; return; }
        return this.fail(`expected ',' or ']' after ${this.key}[${this.index - 1}]`);
      case 'after-value':
        if (c === 0x2c) { this.phase = 'key'; this.mayClose = false; return; }
        if (c === 0x7d) { this.phase = 'end'; return; }
        return this.fail(`expected ',' or '}' after "${this.key}"`);
      case 'end':
        this.fail('unexpected text after the end of the document');
    }
  }

  /** A value is complete: parse it and hand it on. */
  private complete(lastPart: string): void {
    const cap = this.cap!;
    cap.parts.push(lastPart);
    const value = this.parse(cap);
    this.cap = null;
    const inArray = this.phase === 'array';
    this.items.push({ key: this.key, index: inArray ? this.index++ : null, value, line: cap.line });
    this.phase = inArray ? 'after-element' : 'after-value';
  }

  private parse(cap: Capture): unknown {
    try {
      return JSON.parse(cap.parts.join(''));
    } catch (err) {
      return this.fail((err as Error).message);
    }
  }

  private fail(why: string): never {
    const inArray = this.phase === 'array' || this.phase === 'after-element';
    const at = inArray ? `${this.key}[${this.index}]` : this.key ? `'${this.key}'` : 'the start';
    throw new JsonStreamError(`the file is not valid JSON at line ${this.line} (in ${at}): ${why}`, 'nothing was imported; is the file complete and unedited?');
  }
}

/**
 * Yields the document's items. `streamed` names the top-level keys whose array elements are yielded
 * one at a time (index = position); every other top-level value is yielded whole (index null).
 */
export async function* readJsonItems(
  chunks: AsyncIterable<string>, streamed: ReadonlySet<string>, maxRecord = MAX_IMPORT_RECORD,
): AsyncGenerator<ImportItem> {
  const reader = new ItemReader(streamed, maxRecord);
  for await (const chunk of chunks) yield* reader.feed(chunk);
  reader.end();
}
