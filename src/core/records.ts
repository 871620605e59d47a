/**
 * Checking records read from a file (imports): small typed readers that say exactly which record
 * and which field is wrong, e.g. "tickets[41] (#100042): 'status' must be one of open, …". Pure.
 */
import { UsageError } from './errors.js';

/** Thrown for the first bad record of an import; exit 2, naming it. */
export class BadRecordError extends UsageError {
  constructor(readonly record: string, problem: string, hint?: string) {
    super(`bad record ${record}: ${problem}`, hint ?? 'nothing was imported; fix the record and import the file again');
  }
}

const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real instant written exactly as toISOString() writes it (YYYY-MM-DDTHH:MM:SS.sssZ). */
export function isCanonicalTime(v: string): boolean {
  if (v.length !== 24 || !CANONICAL.test(v)) return false;
  const num = (at: number, len: number) => {
    let n = 0;
    for (let i = at; i < at + len; i++) n = n * 10 + v.charCodeAt(i) - 48;
    return n;
  };
  const year = num(0, 4);
  const month = num(5, 2);
  const day = num(8, 2);
  if (month < 1 || month > 12 || day < 1 || num(11, 2) > 23 || num(14, 2) > 59 || num(17, 2) > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS[month - 1]!);
}
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A field reader over one raw record. */
export class Fields {
  private readonly obj: Record<string, unknown>;

  constructor(raw: unknown, readonly where: string) {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new BadRecordError(where, 'expected an object');
    this.obj = raw as Record<string, unknown>;
  }

  fail(field: string, problem: string): never {
    throw new BadRecordError(this.where, `'${field}' ${problem}`);
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined;
  }

  raw(field: string): unknown {
    return this.obj[field];
  }

  str(field: string, { empty = false } = {}): string {
    const v = this.obj[field];
    if (typeof v !== 'string') this.fail(field, v === undefined ? 'is missing' : 'must be a string');
    if (!empty && v.trim() === '') this.fail(field, 'is empty');
    return v;
  }

  optStr(field: string): string | null {
    const v = this.obj[field];
    return v === undefined || v === null ? null : this.str(field);
  }

  int(field: string, min = 0): number {
    const v = this.obj[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(field, `must be a whole number ≥ ${min}`);
    return v;
  }

  optInt(field: string, min = 0): number | null {
    const v = this.obj[field];
    return v === undefined || v === null ? null : this.int(field, min);
  }

  num(field: string, min = 0): number {
    const v = this.obj[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) this.fail(field, `must be a number ≥ ${min}`);
    return v;
  }

  bool(field: string, fallback?: boolean): boolean {
    const v = this.obj[field];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(field, 'must be true or false');
    return v;
  }

  oneOf<T extends string>(field: string, choices: readonly T[]): T {
    const v = this.str(field);
    if (!(choices as readonly string[]).includes(v)) this.fail(field, `must be one of ${choices.join(', ')} (got '${v}')`);
    return v as T;
  }

  optOneOf<T extends string>(field: string, choices: readonly T[]): T | null {
    const v = this.obj[field];
    return v === undefined || v === null ? null : this.oneOf(field, choices);
  }

  /** An ISO 8601 time with a zone, normalised to the UTC form stored everywhere. */
  time(field: string): string {
    const v = this.str(field);
    // Nearly every time in an export is already in the stored form: check that form digit by digit
    // instead of parsing a date string (a third of an import's own work).
    if (isCanonicalTime(v)) return v;
    const t = new Date(v);
    if (!ISO.test(v) || Number.isNaN(t.getTime())) this.fail(field, `must be an ISO 8601 time such as 2026-03-02T09:15:00.000Z (got '${v}')`);
    return t.toISOString();
  }

  optTime(field: string): string | null {
    const v = this.obj[field];
    return v === undefined || v === null ? null : this.time(field);
  }

  array(field: string, { optional = false } = {}): unknown[] {
    const v = this.obj[field];
    if (v === undefined && optional) return [];
    if (!Array.isArray(v)) this.fail(field, v === undefined ? 'is missing' : 'must be an array');
    return v;
  }

  strings(field: string, { optional = false } = {}): string[] {
    const list = this.array(field, { optional });
    list.forEach((v, i) => { if (typeof v !== 'string' || v.trim() === '') this.fail(`${field}[${i}]`, 'must be a non-empty string'); });
    return list as string[];
  }

  object(field: string): Record<string, unknown> {
    const v = this.obj[field];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(field, v === undefined ? 'is missing' : 'must be an object');
    return v as Record<string, unknown>;
  }

  /** A nested record, read with its own position in the message. */
  nested(field: string): Fields {
    this.object(field);
    return new Fields(this.obj[field], `${this.where}.${field}`);
  }
}

/** Runs a check and turns any UsageError it throws (e.g. from a parseX) into one naming the record. */
export function inRecord<T>(where: string, field: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof BadRecordError) throw err;
    if (err instanceof UsageError) throw new BadRecordError(where, `'${field}': ${err.message}`);
    throw err;
  }
}
