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
import { Agent, request as httpRequest } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { addTime, timeMark } from '../store/timings.js';

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

export interface SendInit { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }

/**
 * One request; a network failure is exit 1 naming the URL, an error answer the desk's error.
 * node:http(s) rather than fetch(): fetch is undici, ~100 ms of a remote command's start to load,
 * and its HTTP parser is WebAssembly whose compilation on a background thread held the process
 * open for another 100-500 ms after the command was done (a remote `ticket list` took
 * 6.5× `node -e 0`). Keep-alive, so a command that calls several use cases opens one connection;
 * an idle kept-alive socket does not keep the process alive.
 */
export async function send(base: string, path: string, init: SendInit): Promise<unknown> {
  const requesting = timeMark();
  const answer = await request(base, path, init);
  addTime('request', requesting);
  let data: { error?: WireError } | null = null;
  try {
    data = JSON.parse(answer.text) as { error?: WireError };
  } catch {
    data = null;
  }
  const ok = answer.status >= 200 && answer.status < 300;
  if (ok && data !== null) return data;
  if (data?.error) throw errorFrom(data.error, answer.status, base);
  throw new HelpdeskError(`the server ${base} answered ${answer.status} without a helpdesk answer`, 1, 'is HELPDESK_URL the address of helpdesk serve?');
}

const agents: { http?: Agent; https?: HttpsAgent } = {};

async function request(base: string, path: string, init: SendInit): Promise<{ status: number; text: string }> {
  const unreachable = (why: string) => new HelpdeskError(`cannot reach the server ${base}: ${why}`, 1,
    'check HELPDESK_URL (or helpdesk login --server <url>) and that helpdesk serve is running');
  let url: URL;
  try {
    url = new URL(base.replace(/\/+$/, '') + path);
  } catch {
    throw unreachable('it is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw unreachable(`${url.protocol} is not http: or https:`);
  const secure = url.protocol === 'https:';
  // node:https is loaded only for an https server: a plain one does not pay for TLS.
  const https = secure ? await import('node:https') : null;
  const agent = https ? (agents.https ??= new https.Agent({ keepAlive: true })) : (agents.http ??= new Agent({ keepAlive: true }));
  const send = https ? https.request : httpRequest;
  const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
  const headers = body === undefined ? init.headers : { ...init.headers, 'content-length': String(body.length) };
  return new Promise((done, fail) => {
    const req = send(url, { method: init.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err: NodeJS.ErrnoException) => fail(unreachable(err.code ?? err.message)));
    });
    req.on('error', (err: NodeJS.ErrnoException) => fail(unreachable(err.code ?? err.message)));
    req.end(body);
  });
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
