/**
 * Reading a large JSON document as a stream: the top-level object's values one by one, and the
 * elements of chosen top-level arrays (`users`, `tickets`) one by one, so a file of any size is
 * read in flat memory. Each value is checked by JSON.parse; errors name the line and the record.
 */
import { UsageError } from '../../core/errors.js';
import type { ImportItem } from '../../desk/transfer/import.js';

const WS = new Set([0x20, 0x0a, 0x0d, 0x09, 0xfeff]);

type Phase = 'start' | 'key' | 'colon' | 'value' | 'after-value' | 'array' | 'after-element' | 'end';

/** Collects the raw text of one JSON value across chunks. */
class Capture {
  parts: string[] = [];
  from = 0;
  depth = 0;
  inString = false;
  escape = false;
  primitive = false;
  startLine: number;
  constructor(line: number) {
    this.startLine = line;
  }
}

export class JsonStreamError extends UsageError {}

/**
 * Yields the document's items. `streamed` names the top-level keys whose array elements are yielded
 * one at a time (index = position); every other top-level value is yielded whole (index null).
 */
export async function* readJsonItems(chunks: AsyncIterable<string>, streamed: ReadonlySet<string>): AsyncGenerator<ImportItem> {
  let phase: Phase = 'start';
  let line = 1;
  let key = '';
  let index = 0;
  let cap: Capture | null = null;
  let keyCap: Capture | null = null;
  let expectKey = true; // after '{' or ',' a key must follow (a '}' right after ',' is an error)
  const fail = (why: string): never => {
    const at = phase === 'array' || phase === 'after-element' ? `${key}[${index}]` : key ? `'${key}'` : 'the start';
    throw new JsonStreamError(`the file is not valid JSON at line ${line} (in ${at}): ${why}`, 'nothing was imported; is the file complete and unedited?');
  };
  const finish = (c: Capture): unknown => {
    const text = c.parts.join('');
    try {
      return JSON.parse(text);
    } catch (err) {
      return fail((err as Error).message);
    }
  };

  for await (const chunk of chunks) {
    const items: ImportItem[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (cap) {
        if (cap.primitive) {
          // Numbers, true, false, null end at the first delimiter, which belongs to what follows.
          if (c === 0x2c || c === 0x7d || c === 0x5d || WS.has(c)) {
            cap.parts.push(chunk.slice(cap.from, i));
            const value = finish(cap);
            cap = null;
            items.push(phase === 'array' ? { key, index: index++, value, line } : { key, index: null, value, line });
            phase = phase === 'array' ? 'after-element' : 'after-value';
            i--;
          }
          continue;
        }
        if (c === 0x0a) line++;
        if (cap.inString) {
          if (cap.escape) cap.escape = false;
          else if (c === 0x5c) cap.escape = true;
          else if (c === 0x22) cap.inString = false;
          if (cap.inString || cap.depth > 0) continue;
        } else if (c === 0x22) { cap.inString = true; continue; } else if (c === 0x7b || c === 0x5b) { cap.depth++; continue; } else if (c === 0x7d || c === 0x5d) {
          cap.depth--;
          if (cap.depth > 0) continue;
        } else continue;
        cap.parts.push(chunk.slice(cap.from, i + 1));
        const value = finish(cap);
        const startLine = cap.startLine;
        cap = null;
        items.push(phase === 'array' ? { key, index: index++, value, line: startLine } : { key, index: null, value, line: startLine });
        phase = phase === 'array' ? 'after-element' : 'after-value';
        continue;
      }
      if (keyCap) {
        if (c === 0x0a) fail('a line break inside a key');
        if (keyCap.escape) keyCap.escape = false;
        else if (c === 0x5c) keyCap.escape = true;
        else if (c === 0x22) {
          keyCap.parts.push(chunk.slice(keyCap.from, i + 1));
          key = finish(keyCap) as string;
          keyCap = null;
          phase = 'colon';
        }
        continue;
      }
      if (c === 0x0a) { line++; continue; }
      if (WS.has(c)) continue;
      switch (phase) {
        case 'start':
          if (c !== 0x7b) fail('expected the document to be an object ({ … })');
          phase = 'key';
          expectKey = false;
          break;
        case 'key':
          if (c === 0x7d && !expectKey) { phase = 'end'; break; }
          if (c !== 0x22) fail('expected a field name in double quotes');
          keyCap = new Capture(line);
          keyCap.from = i;
          break;
        case 'colon':
          if (c !== 0x3a) fail(`expected ':' after "${key}"`);
          phase = 'value';
          break;
        case 'value':
          if (c === 0x5b && streamed.has(key)) { phase = 'array'; index = 0; expectKey = false; break; }
          cap = startCapture(c, i, line);
          if (cap.primitive) i--;
          break;
        case 'array':
          if (c === 0x5d && !expectKey) { phase = 'after-value'; break; }
          cap = startCapture(c, i, line);
          if (cap.primitive) i--;
          break;
        case 'after-element':
          if (c === 0x2c) { phase = 'array'; expectKey = true; break; }
          if (c === 0x5d) { phase = 'after-value'; break; }
          fail(`expected ',' or ']' after ${key}[${index - 1}]`);
          break;
        case 'after-value':
          if (c === 0x2c) { phase = 'key'; expectKey = true; break; }
          if (c === 0x7d) { phase = 'end'; break; }
          fail(`expected ',' or '}' after "${key}"`);
          break;
        case 'end':
          fail('unexpected text after the end of the document');
      }
    }
    if (cap) { cap.parts.push(chunk.slice(cap.from)); cap.from = 0; }
    if (keyCap) { keyCap.parts.push(chunk.slice(keyCap.from)); keyCap.from = 0; }
    yield* items;
  }
  if (cap?.primitive) {
    fail('the file ends in the middle of a value');
  }
  if (phase !== 'end') {
    const where = phase === 'array' || phase === 'after-element' || cap ? ` in ${key}[${index}]` : key ? ` after "${key}"` : '';
    throw new JsonStreamError(`the file ends early${where} (line ${line}): it looks truncated`, 'nothing was imported; export the data again');
  }
}

function startCapture(c: number, i: number, line: number): Capture {
  const cap = new Capture(line);
  cap.from = i;
  if (c === 0x22) cap.inString = true;
  else if (c === 0x7b || c === 0x5b) cap.depth = 1;
  else cap.primitive = true;
  return cap;
}
