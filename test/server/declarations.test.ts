/**
 * The use-case declarations and what is derived from them — validation, query parsing,
 * the routes and the OpenAPI document.
 */
import { describe, expect, it } from 'vitest';
import { decodeBytes, fromQuery, pickDeclared, toWire, validate, wireJson } from '../../src/desk/api/schema.js';
import { ticketNote } from '../../src/desk/api/ticket-actions.js';
import { SERVED as USE_CASES } from '../../src/server/served.js';
import { ticketList } from '../../src/desk/api/ticket-list.js';
import { ticketCreate } from '../../src/desk/api/ticket-create.js';
import { match, ROUTES } from '../../src/server/routes.js';
import { openApiDocument } from '../../src/server/openapi.js';

describe('the declarations', () => {
  it('names are unique, every input refuses unknown fields, and REST paths do not collide', () => {
    const names = USE_CASES.map((u) => u.name);
    expect(new Set(names).size).toBe(names.length);
    for (const u of USE_CASES) expect(u.input.additionalProperties).toBe(false);
    const rest = USE_CASES.filter((u) => u.http).map((u) => `${u.http!.method} ${u.http!.path}`);
    expect(new Set(rest).size).toBe(rest.length);
  });

  it('every use case is reachable at /api/v1/call/{name}, and its REST route when it has one', () => {
    for (const u of USE_CASES) {
      const call = match('POST', `/api/v1/call/${u.name}`);
      expect(call !== null && call !== 'method' && call.route.useCase).toBe(u);
      if (u.http) {
        const m = match(u.http.method, u.http.path.replace('{number}', '100001'));
        expect(m !== null && m !== 'method' && m.route.useCase, u.name).toBe(u);
      }
    }
    expect(ROUTES.length).toBe(USE_CASES.length + USE_CASES.filter((u) => u.http).length);
  });

  it('the OpenAPI document lists every route with its schema', () => {
    const doc = openApiDocument() as any;
    for (const u of USE_CASES) {
      expect(doc.paths[`/api/v1/call/${u.name}`].post.requestBody.content['application/json'].schema).toEqual({ ...u.input, required: u.input.required ?? [] });
      if (u.http) expect(doc.paths[u.http.path][u.http.method.toLowerCase()].operationId).toBe(u.name);
    }
    expect(doc.paths['/api/v1/tickets'].get.parameters.map((p: any) => p.name)).toContain('status');
  });
});

describe('validation', () => {
  it('names the field: missing, wrong type, not one of, too long, unknown', () => {
    expect(() => validate(ticketCreate.input, { body: 'b' })).toThrow("'subject' is required");
    expect(() => validate(ticketCreate.input, { subject: ['x'], body: 'b' })).toThrow("'subject' must be a string");
    expect(() => validate(ticketCreate.input, { subject: 's', body: 'b', priority: 'urgent' })).toThrow("'priority' must be one of low, normal, high, emergency");
    expect(() => validate(ticketCreate.input, { subject: 's', body: 'b', user: 'x'.repeat(201) })).toThrow("'user' is longer than 200");
    expect(() => validate(ticketCreate.input, { subject: 's', body: 'b', __proto__x: 1 })).toThrow("unknown field '__proto__x'");
    expect(() => validate(ticketList.input, { limit: 1.5 })).toThrow("'limit' must be an integer");
    expect(() => validate(ticketList.input, { queue: 'gone' })).toThrow("'queue' must be one of");
    // Status names are resolved by the desk, custom ones included: only their shape is checked here.
    expect(() => validate(ticketList.input, { status: ['open', 7] })).toThrow("'status[1]' must be a string");
    expect(() => validate(ticketList.input, [])).toThrow('must be a JSON object');
    expect(validate(ticketList.input, { queue: 'all', status: ['open'], limit: 0 })).toEqual({ queue: 'all', status: ['open'], limit: 0 });
  });

  it('query parameters take the schema types; what does not convert stays text and is refused', () => {
    const q = fromQuery(ticketList.input, new URLSearchParams('status=open,resolved&status=closed&limit=5&withTotal=true&dept=Support'));
    expect(q).toEqual({ status: ['open', 'resolved', 'closed'], limit: 5, withTotal: true, dept: 'Support' });
    expect(() => validate(ticketList.input, fromQuery(ticketList.input, new URLSearchParams('limit=5;DROP')))).toThrow("'limit' must be an integer");
    expect(() => validate(ticketList.input, fromQuery(ticketList.input, new URLSearchParams('withTotal=yes')))).toThrow("'withTotal' must be true or false");
  });

  it('the remote client sends only the declared fields (not --body-file, not the globals)', () => {
    expect(pickDeclared(ticketCreate.input, { subject: 's', body: 'b', bodyFile: '-', globals: { json: true } })).toEqual({ subject: 's', body: 'b' });
  });

  it('bytes travel as base64: a Buffer is base64 on the wire and a Buffer again at the desk', () => {
    const file = { filename: 'a.bin', contentType: 'application/octet-stream', content: Buffer.from([0, 255, 10, 13]) };
    const wire = JSON.parse(JSON.stringify({ number: '100001', body: 'b', files: [file] }, toWire));
    expect(wire.files[0].content).toBe('AP8KDQ==');
    const input = decodeBytes(ticketNote.input, validate(ticketNote.input, wire)) as { files: Array<{ content: Buffer }>; body: string };
    expect(Buffer.isBuffer(input.files[0]!.content)).toBe(true);
    expect(input.files[0]!.content.equals(file.content)).toBe(true);
    expect(input.body).toBe('b');
    expect(() => validate(ticketNote.input, { ...wire, files: [{ ...wire.files[0], content: 'a b' }] })).toThrow("'content' must be base64");
  });

  it('an answer\'s JSON is what JSON.stringify with toWire writes, with or without bytes in it', () => {
    const bytes = Buffer.from([0, 255, 10, 13]);
    let deep: unknown = { bytes };
    for (let i = 0; i < 40; i++) deep = { inner: deep };
    const values: unknown[] = [
      [{ number: '100001', user: { name: 'Ann', email: 'a@example.com' }, tags: ['x', 'é'], n: 1.5, none: null, gone: undefined }],
      bytes, { files: [{ content: bytes }] }, [[{ content: bytes }]], { at: new Date(0) }, { ok: { toJSON: () => bytes } },
      deep, 'text', 42, null, true, [], {},
    ];
    for (const v of values) expect(wireJson(v)).toBe(JSON.stringify(v, toWire));
    expect(JSON.parse(wireJson({ files: [{ content: bytes }] })).files[0].content).toBe('AP8KDQ==');
  });
});
