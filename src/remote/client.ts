/**
 * The remote command line: a use case sent to `helpdesk serve` and its answer turned back
 * into what the desk would have returned or thrown, so the verb prints exactly what it prints locally.
 * The client decides nothing: the server checks the token, the permissions and the input.
 */
import { AccessDeniedError, ConflictError, HelpdeskError, Input, NotFoundError, Phrase, UsageError, type Text } from '../core/errors.js';
import { pickDeclared, toWire } from '../desk/api/schema.js';
import type { UseCase } from '../desk/api/declare.js';
import type { DeskSession } from '../cli/session.js';
import type { ServerLogin } from '../cli/server-login.js';

type Env = Record<string, string | undefined>;

export interface WireError {
  code: string; message: string; hint?: string | null; exit?: number;
  /** The message and hint as text and the inputs they name (server/errors.ts), worded here as flags. */
  parts?: { message?: unknown; hint?: unknown };
}

/** Parts from the wire, or the plain text when they are missing or not parts. */
function fromWire(parts: unknown, text: string): Text {
  if (!Array.isArray(parts)) return text;
  const out: Array<string | Input> = [];
  for (const p of parts) {
    if (typeof p === 'string') out.push(p);
    else if (p && typeof p.field === 'string' && typeof p.flag === 'string') out.push(new Input(p.field, p.flag));
    else return text;
  }
  return new Phrase(out);
}

export function remoteSession(f: { env: Env; now(): Date }, g: { as?: string }, target: ServerLogin): DeskSession {
  const as = g.as ?? (f.env.HELPDESK_AS || undefined);
  return {
    now: f.now(),
    local: null,
    run: (uc, input) => callUseCase(target, uc, input, { as, now: f.env.HELPDESK_NOW || undefined }),
  };
}

/** POST /api/v1/call/{name} with the declared fields of `input`; the result, or the desk's error. */
export async function callUseCase<I extends object, O>(
  target: ServerLogin, uc: UseCase<I, O>, input: I, o: { as?: string; now?: string } = {},
): Promise<O> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  if (o.as !== undefined) headers['x-helpdesk-as'] = encodeURIComponent(o.as);
  if (o.now !== undefined) headers['x-helpdesk-now'] = o.now;
  const answer = await send(target.url, `/api/v1/call/${uc.name}`, { method: 'POST', headers, body: JSON.stringify(pickDeclared(uc.input, input), toWire) });
  const result = (answer as { result: unknown }).result;
  return uc.revive ? uc.revive(result) : (result as O);
}

/** One request; a network failure is exit 1 naming the URL, an error answer the desk's error. */
export async function send(base: string, path: string, init: RequestInit): Promise<unknown> {
  const url = base.replace(/\/+$/, '') + path;
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new HelpdeskError(`cannot reach the server ${base}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, 1,
      'check HELPDESK_URL (or helpdesk login --server <url>) and that helpdesk serve is running');
  }
  const text = await res.text();
  let data: { error?: WireError } | null = null;
  try {
    data = JSON.parse(text) as { error?: WireError };
  } catch {
    data = null;
  }
  if (res.ok && data !== null) return data;
  if (data?.error) throw errorFrom(data.error, res.status, base);
  throw new HelpdeskError(`the server ${base} answered ${res.status} without a helpdesk answer`, 1, 'is HELPDESK_URL the address of helpdesk serve?');
}

/** The error the desk threw on the server, rebuilt with its exit code, message and hint. */
export function errorFrom(e: WireError, status: number, base: string): HelpdeskError {
  const message = fromWire(e.parts?.message, e.message);
  const hint = e.hint == null ? undefined : fromWire(e.parts?.hint, e.hint);
  if (status === 401) return new AccessDeniedError(message, `helpdesk login --server ${base}`);
  switch (e.exit) {
    case 2: return new UsageError(message, hint);
    case 3: return new NotFoundError(message, hint);
    case 4: return new AccessDeniedError(message, hint);
    case 5: return new ConflictError(message, hint);
    default: return new HelpdeskError(message, e.exit ?? 1, hint);
  }
}
