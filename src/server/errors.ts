/**
 * Errors as the HTTP API answers them: `{"error":{"code","message","hint"}}` with the contract's
 * statuses, and `exit` (the command line's exit code) so the remote CLI can rebuild the same error.
 * The message names inputs as JSON fields (`name`, not `--name`); `fields` lists them, and `parts`
 * keeps the message and hint as text and inputs so the remote CLI words them as flags again.
 */
import { asField, HelpdeskError, Input, type Phrase } from '../core/errors.js';

const BY_EXIT: Record<number, [number, string]> = {
  2: [400, 'usage'], 3: [404, 'not_found'], 4: [403, 'denied'], 5: [409, 'conflict'],
};

/** A refusal the server makes itself (size, rate, method), with its own status. */
export class HttpError extends HelpdeskError {
  constructor(readonly status: number, readonly wireCode: string, message: string, hint?: string) {
    super(message, status === 401 ? 4 : status >= 500 ? 1 : 2, hint);
  }
}

/** A message in parts: text, and the inputs it names. */
export type WireParts = Array<string | { field: string; flag: string }>;

export interface WireErrorBody {
  code: string; message: string; hint: string | null; exit: number;
  fields?: string[]; parts?: { message: WireParts; hint: WireParts | null };
}

export interface ErrorAnswer { status: number; body: { error: WireErrorBody } }

export function errorAnswer(err: unknown): ErrorAnswer {
  if (err instanceof HttpError) return answer(err.status, err.wireCode, err);
  if (err instanceof HelpdeskError) {
    const status = (err as { status?: number }).status;
    if (status === 401) return answer(401, 'unauthenticated', err);
    if (status === 429) return answer(429, 'too_many_requests', err);
    const [http, code] = BY_EXIT[err.code] ?? [500, 'failure'];
    return answer(http, code, err);
  }
  // A bug: nothing of it leaves the server but the fact (the log has the stack).
  return { status: 500, body: { error: { code: 'internal', message: 'internal error', hint: 'this is a bug; see the server log', exit: 1 } } };
}

function answer(status: number, code: string, err: HelpdeskError): ErrorAnswer {
  const { message, hint } = err.say(asField);
  const error: WireErrorBody = { code, message, hint: hint ?? null, exit: err.code };
  const fields = [...new Set([err.phrased.message, ...(err.phrased.hint ? [err.phrased.hint] : [])]
    .flatMap((p) => p.parts.filter((x): x is Input => x instanceof Input).map((x) => x.field)))];
  if (fields.length) {
    error.fields = fields;
    error.parts = { message: wire(err.phrased.message), hint: err.phrased.hint ? wire(err.phrased.hint) : null };
  }
  return { status, body: { error } };
}

const wire = (p: Phrase): WireParts => p.parts.map((x) => (typeof x === 'string' ? x : { field: x.field, flag: x.flag }));
