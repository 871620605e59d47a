/**
 * How a use case is declared. Every use case the server offers and the remote command
 * line calls is declared once, in src/desk/api/ (all listed in registry.ts): its name, what it takes (a schema of the CLI's own flag names), who may call it, where it lives in
 * the HTTP API, and how it runs on a desk. src/server derives its routes and the OpenAPI document from
 * this list; src/remote derives its calls; the CLI's verbs run the same declarations locally.
 *
 * A declaration file imports the desk functions it runs (statically, so the bundler keeps only
 * those); the verbs on the hot path (ticket list, ticket create) have a file of their own.
 * `permission` says who may call it, for the OpenAPI document (x-permission) and its readers; the
 * desk itself enforces it, with the same refusal as on the command line (so remote and local
 * answers stay identical). Tokens belong to agents: an end user arrives only through an admin's --as.
 */
import { PRIORITIES, QUEUES, STATUSES, type Priority, type Queue } from '../../core/model.js';
import type { DeskContext } from '../context.js';
import type { ObjectSchema, Schema } from './schema.js';
import type { ActionResult } from '../tickets/work-on.js';

export type Permission = 'any' | 'agent' | 'admin';

export interface UseCase<I extends object = Record<string, unknown>, O = unknown> {
  name: string;
  summary: string;
  permission: Permission;
  input: ObjectSchema;
  /** The REST route, if it has one (every use case is also at POST /api/v1/call/{name}). */
  http?: { method: 'GET' | 'POST'; path: string; created?: boolean };
  /** The result's schema for the OpenAPI document (loose: the objects are those of --json). */
  output?: string;
  /** What the REST route answers, when it is not the whole result: the same document as --json. */
  rest?(result: O): unknown;
  /** The result back from JSON, where it is not plain JSON locally (bytes travel as base64). */
  revive?(wire: unknown): O;
  run(ctx: DeskContext, actor: string, input: I): Promise<O>;
}

export const str = (description?: string, max = 200): Schema => ({ type: 'string', maxLength: max, description });
export const text = (description: string): Schema => ({ type: 'string', description });
export const oneOf = (values: readonly string[], description?: string): Schema => ({ type: 'string', enum: values, description });
export const flag = (description: string): Schema => ({ type: 'boolean', description });
export const obj = (properties: Record<string, Schema>, required: string[] = []): ObjectSchema => ({ type: 'object', properties, required, additionalProperties: false });
export const NUMBER = str('ticket number (100042 or #100042)', 20);
/** A status name: built-in or custom; the desk resolves it (exit 2 when unknown). */
export const STATUS = str(`status: ${STATUSES.join(', ')} or a custom one`, 100);
export const bytes = (description: string): Schema => ({ type: 'string', contentEncoding: 'base64', description });
/** Files attached to a message (`--attach`), their content as base64 over HTTP. */
export const FILES: Schema = {
  type: 'array', maxItems: 100, description: 'attached files',
  items: obj({ filename: str('file name', 255), contentType: str('MIME type', 255), content: bytes('the file, base64') }, ['filename', 'contentType', 'content']),
};
export const MINUTES: Schema = { type: 'integer', minimum: 1, maximum: 100_000, description: 'time spent, in minutes' };
/** A change answers the ticket as it now is, as `--json` prints it. */
export const changed = (r: ActionResult): unknown => r.ticket;

export const FILTERS: Record<string, Schema> = {
  queue: oneOf(QUEUES),
  status: { type: 'array', items: STATUS, maxItems: 10, description: 'only these statuses' },
  dept: str('department'), assignee: str('agent username'), team: str('team'), sla: str('SLA plan'),
  priority: oneOf(PRIORITIES), user: str('end user email'),
};
export interface Filters { queue?: Queue; status?: string[]; dept?: string; assignee?: string; team?: string; sla?: string; priority?: Priority; user?: string }


export const LIMIT: Schema = { type: 'integer', minimum: 0, maximum: 1_000_000, description: 'at most n (0 for all)' };
/** The CLI's --limit 0 ("all") is the desk's null. */
export const nullIfZero = (n: number | undefined): number | null | undefined => (n === 0 ? null : n);
