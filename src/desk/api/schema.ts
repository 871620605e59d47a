/**
 * The small JSON Schema subset the use-case declarations are written in, and its
 * validator. The same schema checks a request at the server, shapes the OpenAPI document, and tells
 * the remote client which fields of an input to send. Hand-written (not ajv) so that a refusal is the
 * desk's own one-line UsageError naming the field, with the exit code and the HTTP status that go with it.
 */
import { UsageError } from '../../core/errors.js';

export type Schema =
  | { type: 'string'; enum?: readonly string[]; maxLength?: number; contentEncoding?: 'base64'; description?: string }
  | { type: 'integer'; minimum?: number; maximum?: number; description?: string }
  | { type: 'boolean'; description?: string }
  | { type: 'array'; items: Schema; maxItems?: number; description?: string }
  | ObjectSchema;

export interface ObjectSchema {
  type: 'object';
  properties: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  additionalProperties: false;
  description?: string;
}

const TEXT_MAX = 1_000_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks `value` against the schema; the first problem is a UsageError naming the field. */
export function validate(schema: ObjectSchema, value: unknown, where = 'body'): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`invalid request: the ${where} must be a JSON object`);
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!Object.hasOwn(schema.properties, key)) {
      throw new UsageError(`invalid request: unknown field '${key}'`, `known fields: ${Object.keys(schema.properties).join(', ') || 'none'}`);
    }
  }
  for (const key of schema.required ?? []) {
    if (o[key] === undefined || o[key] === null) throw new UsageError(`invalid request: '${key}' is required`);
  }
  for (const [key, sub] of Object.entries(schema.properties)) {
    if (o[key] !== undefined && o[key] !== null) check(sub, o[key], key);
  }
  return o;
}

function check(schema: Schema, v: unknown, field: string): void {
  const bad = (what: string) => new UsageError(`invalid request: '${field}' ${what}`);
  switch (schema.type) {
    case 'string':
      if (typeof v !== 'string') throw bad('must be a string');
      // Bytes (attachments) are bounded by server.max_body, not by a length of their own.
      if (schema.contentEncoding === 'base64') {
        if (!BASE64.test(v)) throw bad('must be base64');
        return;
      }
      if (v.length > (schema.maxLength ?? TEXT_MAX)) throw bad(`is longer than ${schema.maxLength ?? TEXT_MAX} characters`);
      if (schema.enum && !schema.enum.includes(v)) throw bad(`must be one of ${schema.enum.join(', ')}`);
      return;
    case 'integer':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad('must be an integer');
      if (schema.minimum !== undefined && v < schema.minimum) throw bad(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && v > schema.maximum) throw bad(`must be at most ${schema.maximum}`);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') throw bad('must be true or false');
      return;
    case 'array':
      if (!Array.isArray(v)) throw bad('must be an array');
      if (v.length > (schema.maxItems ?? 1000)) throw bad(`has more than ${schema.maxItems ?? 1000} items`);
      v.forEach((item, i) => check(schema.items, item, `${field}[${i}]`));
      return;
    case 'object':
      validate(schema, v, `field '${field}'`);
  }
}

/**
 * Query parameters (all text) turned into the schema's types: `limit=5` → 5, `me=true` → true,
 * `status=open,resolved` (or repeated) → an array. What does not convert is left as text, so that
 * validate() names the field.
 */
export function fromQuery(schema: ObjectSchema, params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    const sub = Object.hasOwn(schema.properties, key) ? schema.properties[key]! : undefined;
    const last = values[values.length - 1]!;
    if (sub?.type === 'array') out[key] = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    else if (sub?.type === 'integer') out[key] = /^-?\d{1,15}$/.test(last) ? Number(last) : last;
    else if (sub?.type === 'boolean') out[key] = last === 'true' ? true : last === 'false' ? false : last;
    else out[key] = last;
  }
  return out;
}

/** Only the fields the schema declares (the CLI's options also hold globals and file names). */
export function pickDeclared(schema: ObjectSchema, input: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const v = (input as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * Bytes on the wire: what the local desk takes and returns as a Buffer travels as base64
 * text in JSON. `toWire` is a JSON.stringify replacer (Buffer → base64); `decodeBytes` turns a validated
 * input's base64 fields (declared with contentEncoding) back into Buffers for the desk.
 */
export function toWire(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return Buffer.isBuffer(raw) ? raw.toString('base64') : value;
}

/**
 * JSON.stringify(value, toWire), without the replacer when nothing in the value needs it: a
 * replacer is a call back into JavaScript for every key and value (a page of 50 tickets spent more
 * time there than in writing its JSON). Any object with a toJSON (a Buffer has one), or a value
 * nested deeper than anything the desk returns, takes the replacer's way, so the text is the same.
 */
export function wireJson(value: unknown): string {
  return plainJson(value, 0) ? JSON.stringify(value) : JSON.stringify(value, toWire);
}

function plainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth > 32 || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    for (const v of value) if (!plainJson(v, depth + 1)) return false;
    return true;
  }
  for (const key of Object.keys(value)) if (!plainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

export function decodeBytes(schema: Schema, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  switch (schema.type) {
    case 'string':
      return schema.contentEncoding === 'base64' ? Buffer.from(value as string, 'base64') : value;
    case 'array':
      return (value as unknown[]).map((v) => decodeBytes(schema.items, v));
    case 'object': {
      if (!hasBytes(schema)) return value;
      const o = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(o)) out[key] = Object.hasOwn(schema.properties, key) ? decodeBytes(schema.properties[key]!, o[key]) : o[key];
      return out;
    }
    default:
      return value;
  }
}

function hasBytes(schema: Schema): boolean {
  if (schema.type === 'string') return schema.contentEncoding === 'base64';
  if (schema.type === 'array') return hasBytes(schema.items);
  if (schema.type === 'object') return Object.values(schema.properties).some(hasBytes);
  return false;
}
