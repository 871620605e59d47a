import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import type { ImportItem } from '../../src/desk/transfer/import.js';
import { readJsonItems } from '../../src/cli/transfer/json-reader.js';

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
async function read(text: string, size = 1 << 16): Promise<ImportItem[]> {
  const out: ImportItem[] = [];
  for await (const item of readJsonItems(chunksOf(text, size), new Set(['tickets', 'users']))) out.push(item);
  return out;
}
async function failure(text: string): Promise<string> {
  try {
    await read(text);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a failure');
}

const DOC = `{"format":"helpdesk-export","version":1,"exported_at":"2026-03-02T09:00:00.000Z","filters":null,
"organisation":{"roles":[{"name":"R \\"x\\" {[","permissions":["view"]}]},
"users":[
{"email":"a@example.com","name":"A"}
],
"tickets":[
{"number":"100001","thread":[{"body":"brace } and ] and \\\\"}]},
{"number":"100002","n":-1.5e3,"ok":true,"none":null}
]}
`;

const EXPECTED: ImportItem[] = [
  { key: 'format', index: null, value: 'helpdesk-export', line: 1 },
  { key: 'version', index: null, value: 1, line: 1 },
  { key: 'exported_at', index: null, value: '2026-03-02T09:00:00.000Z', line: 1 },
  { key: 'filters', index: null, value: null, line: 1 },
  { key: 'organisation', index: null, value: { roles: [{ name: 'R "x" {[', permissions: ['view'] }] }, line: 2 },
  { key: 'users', index: 0, value: { email: 'a@example.com', name: 'A' }, line: 4 },
  { key: 'tickets', index: 0, value: { number: '100001', thread: [{ body: 'brace } and ] and \\' }] }, line: 7 },
  { key: 'tickets', index: 1, value: { number: '100002', n: -1500, ok: true, none: null }, line: 8 },
];

describe('readJsonItems', () => {
  it('yields top-level values whole and streamed arrays element by element', async () => {
    expect(await read(DOC)).toEqual(EXPECTED);
  });

  it('gives the same items however the input is cut into chunks', async () => {
    for (const size of [1, 2, 3, 7, 64]) expect(await read(DOC, size)).toEqual(EXPECTED);
  });

  it('reads pretty-printed JSON and empty lists', async () => {
    const pretty = JSON.stringify({ format: 'helpdesk-export', users: [], tickets: [{ number: '100001' }, { number: '100002' }] }, null, 2);
    expect((await read(pretty, 5)).map((i) => [i.key, i.index])).toEqual([['format', null], ['tickets', 0], ['tickets', 1]]);
  });

  it('says a truncated file looks truncated, naming where it stopped', async () => {
    const cut = DOC.slice(0, DOC.indexOf('"n":-1.5e3'));
    expect(await failure(cut)).toBe('the file ends early in tickets[1] (line 8): it looks truncated');
    expect(await failure(DOC.slice(0, DOC.length - 3))).toBe('the file ends early in tickets[2] (line 9): it looks truncated');
  });

  it('names the record that is not valid JSON', async () => {
    const broken = DOC.replace('"ok":true', '"ok":tru');
    expect(await failure(broken)).toMatch(/^the file is not valid JSON at line 8 \(in tickets\[1\]\): /);
    expect(await failure('[1,2]')).toMatch(/expected the document to be an object/);
    expect(await failure('{"a":1}x')).toMatch(/unexpected text after the end of the document/);
    expect(await failure('{"tickets":[{"a":1},]}')).toMatch(/in tickets\[1\]/);
  });

  it('reads a record per line fast, and falls back for records across lines or sharing one', async () => {
    const mixed = `{"tickets":[
{"n":1},
{"n":2}, {"n":3},
{"n":
4},
{"n":5}
],"users":[{"e":"x"},
{"e":"y"}]}`;
    const items = (await read(mixed)).map((i) => [i.key, i.index, i.value, i.line]);
    expect(items).toEqual([
      ['tickets', 0, { n: 1 }, 2], ['tickets', 1, { n: 2 }, 3], ['tickets', 2, { n: 3 }, 3], ['tickets', 3, { n: 4 }, 4],
      ['tickets', 4, { n: 5 }, 6], ['users', 0, { e: 'x' }, 7], ['users', 1, { e: 'y' }, 8],
    ]);
    for (const size of [1, 4, 9]) expect((await read(mixed, size)).map((i) => [i.key, i.index, i.value, i.line])).toEqual(items);
    expect(await failure('{"tickets":[\n{"n":1},\n{"n":2},\n]}')).toMatch(/at line 4 \(in tickets\[2\]\)/);
    expect(await failure('{"tickets":[\n{"n":1},\n{"n":2}\n{"n":3}\n]}')).toMatch(/expected ',' or '\]' after tickets\[1\]/);
  });
});

describe('the record bound', () => {
  async function consumed(text: string, maxRecord: number): Promise<{ error: string | null; chunks: number }> {
    let chunks = 0;
    async function* counted(): AsyncGenerator<string> {
      for await (const c of chunksOf(text, 1024)) {
        chunks++;
        yield c;
      }
    }
    try {
      for await (const _ of readJsonItems(counted(), new Set(['tickets']), maxRecord)) void _;
      return { error: null, chunks };
    } catch (e) {
      return { error: (e as Error).message, chunks };
    }
  }

  it('stops reading a record larger than the bound, whatever follows', async () => {
    const huge = `{"format":"helpdesk-export","tickets":[{"number":"100001","body":"${'x'.repeat(100_000)}"}]}`;
    const r = await consumed(huge, 10_000);
    expect(r.error).toMatch(/the record tickets\[0\] at line 1 is larger than/);
    // Stopped within a chunk or two of the bound, not at the end of the 100 KB record.
    expect(r.chunks).toBeLessThanOrEqual(12);
  });

  it('takes records up to the bound', async () => {
    const ok = `{"format":"helpdesk-export","tickets":[{"number":"100001","body":"${'x'.repeat(5_000)}"}]}`;
    expect((await consumed(ok, 10_000)).error).toBeNull();
  });
});
