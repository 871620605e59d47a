/**
 * GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from the same use-case declarations
 * as the routes (src/desk/api/use-cases.ts), so it cannot drift from what the server does.
 */
import type { ObjectSchema, Schema } from '../desk/api/schema.js';
import { SERVED } from './served.js';
import type { UseCase } from '../desk/api/declare.js';

const ERROR = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: ['string', 'null'] }, exit: { type: 'integer' } }, required: ['code', 'message'] } },
};
const errors = (codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
const STD = errors([400, 401, 403, 404, 409, 413, 429]);

function parameters(uc: UseCase<any, any>): unknown[] {
  const path = [...(uc.http?.path.matchAll(/\{(\w+)\}/g) ?? [])].map((m) => m[1]!);
  const params: unknown[] = path.map((name) => ({ name, in: 'path', required: true, schema: uc.input.properties[name] }));
  if (uc.http?.method === 'GET') {
    for (const [name, schema] of Object.entries(uc.input.properties)) {
      if (!path.includes(name)) params.push({ name, in: 'query', required: uc.input.required?.includes(name) ?? false, schema, ...(schema.type === 'array' ? { style: 'form', explode: false } : {}) });
    }
  }
  return params;
}

function without(schema: ObjectSchema, names: string[]): Schema {
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([k]) => !names.includes(k)));
  return { ...schema, properties, required: (schema.required ?? []).filter((r) => !names.includes(r)) };
}

function operation(uc: UseCase<any, any>, kind: 'rest' | 'call'): unknown {
  const pathNames = kind === 'rest' ? [...(uc.http?.path.matchAll(/\{(\w+)\}/g) ?? [])].map((m) => m[1]!) : [];
  const hasBody = kind === 'call' || uc.http?.method === 'POST';
  const ok = kind === 'rest' && uc.http?.created ? '201' : '200';
  return {
    operationId: kind === 'rest' ? uc.name : `call.${uc.name}`,
    summary: uc.summary,
    'x-permission': uc.permission,
    security: [{ bearer: [] }],
    ...(kind === 'rest' ? { parameters: parameters(uc) } : {}),
    ...(hasBody ? { requestBody: { required: true, content: { 'application/json': { schema: without(uc.input, pathNames) } } } } : {}),
    responses: { [ok]: { description: kind === 'call' ? '{"result": …}, the use case\'s whole result' : (uc.output ?? 'result'), content: { 'application/json': { schema: { type: kind === 'call' ? 'object' : ['object', 'array'] } } } }, ...STD },
  };
}

export function openApiDocument(publicUrl?: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: string, op: unknown) => ((paths[path] ??= {})[method] = op);
  for (const uc of SERVED) {
    if (uc.http) add(uc.http.path, uc.http.method.toLowerCase(), operation(uc, 'rest'));
    add(`/api/v1/call/${uc.name}`, 'post', operation(uc, 'call'));
  }
  add('/api/v1/login', 'post', {
    operationId: 'login', summary: 'username and password → a new token (failed logins are limited per address)', security: [],
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } }, required: ['username', 'password'] } } } },
    responses: { 201: { description: 'the token (shown once)' }, ...STD },
  });
  add('/api/tickets.json', 'post', {
    operationId: 'osticket.create', summary: "osTicket-compatible ticket intake (X-API-Key); answers the bare ticket number", security: [{ apiKey: [] }],
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string' }, subject: { type: 'string' }, message: { type: 'string' }, topic: { type: 'string' }, priority: { type: 'string' }, priorityId: { type: 'integer' }, source: { type: 'string' } }, required: ['name', 'email', 'subject', 'message'] } } } },
    responses: { 201: { description: 'the ticket number', content: { 'text/plain': { schema: { type: 'string', pattern: '^\\d{6,}$' } } } }, ...STD },
  });
  add('/api/v1/openapi.json', 'get', { operationId: 'openapi', summary: 'this document', security: [], responses: { 200: { description: 'OpenAPI 3.1' } } });
  return {
    openapi: '3.1.0',
    info: { title: 'helpdesk', version: '1', description: 'The help desk over HTTP: the same objects as the command line\'s --json.' },
    ...(publicUrl ? { servers: [{ url: publicUrl }] } : {}),
    paths,
    components: {
      schemas: { Error: ERROR },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
    },
  };
}
