/**
 * `helpdesk serve`: the desk over HTTP, and the trust boundary. node:http rather than a
 * framework: fastify 5 pulls in cookie@2, whose engines ask for Node 22, and the routes, validation
 * and OpenAPI document all come from the use-case declarations anyway, so a framework would add a
 * second schema language and its own error messages for what is ~200 lines here.
 *
 * Every /api/v1 request but the login and the OpenAPI document carries `Authorization: Bearer`; the
 * actor is the token's agent (an admin may act as another with X-Helpdesk-As, recorded in events).
 * No CORS headers are sent: browsers on other origins cannot read answers.
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { AccessDeniedError, UsageError } from '../core/errors.js';
import { parseOsTicketPayload } from '../core/osticket.js';
import { authenticateToken } from '../desk/auth/tokens.js';
import { createFromApi } from '../desk/api/intake.js';
import type { DeskContext } from '../desk/context.js';
import { loginWithPassword } from '../desk/auth/passwords.js';
import type { Store } from '../store/types.js';
import { actingAdminStore, queuedStore } from './desk-access.js';
import { HttpError, errorAnswer } from './errors.js';
import { openApiDocument } from './openapi.js';
import { inputOf, match } from './routes.js';
import { wireJson } from '../desk/api/schema.js';
import { handlePortal } from './portal/portal.js';

export interface ServeOptions {
  store: Store;
  host: string;
  port: number;
  publicUrl?: string;
  /** "Now" for a request; `requested` is X-Helpdesk-Now, which only a frozen-clock server honours. */
  clock(requested?: string): Date;
  log(line: string): void;
  maxBody: number;
  trustProxy?: boolean;
  tls?: { cert: Buffer; key: Buffer };
}

/** `store` is the one the requests use: anything else in the process (serve --jobs) takes turns through it. */
export interface RunningServer { url: string; server: Server; store: Store; close(): Promise<void> }

interface Answer { status: number; body: unknown; type?: string }

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  // Commits are synced off the request thread, and answered once synced (src/store/wal-sync.ts).
  (o.store as Partial<{ syncInBackground(): void }>).syncInBackground?.();
  const store = queuedStore(o.store);
  const handler = (req: IncomingMessage, res: ServerResponse) => void handle(o, store, req, res);
  const server = o.tls ? createHttps({ cert: o.tls.cert, key: o.tls.key }, handler) : createHttp(handler);
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(o.port, o.host, () => done());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `${o.tls ? 'https' : 'http'}://${host}:${port}`;
  await recordPortalUrl(store, o.publicUrl, url);
  return {
    url,
    server,
    store,
    close: () => new Promise((done) => {
      // Stop accepting; requests in flight finish; keep-alive connections go as soon as they are
      // idle (a client holding one open must not keep the server from exiting).
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      server.close(() => { clearInterval(idle); done(); });
      server.closeIdleConnections();
    }),
  };
}

/**
 * Mail queued by any process (a `ticket status … resolved` on the command line) links to the
 * portal, so its address lives in the database: --public-url when given, else this server's own
 * address if none was recorded yet.
 */
async function recordPortalUrl(store: Store, publicUrl: string | undefined, own: string): Promise<void> {
  await store.write(async (tx) => {
    const recorded = await tx.settings.getSetting('portal.url');
    const want = (publicUrl ?? (recorded ? null : own))?.replace(/\/+$/, '');
    if (want && want !== recorded) await tx.settings.setSetting('portal.url', want);
  });
}

async function handle(o: ServeOptions, store: Store, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  const url = new URL(req.url ?? '/', 'http://local');
  if (!url.pathname.startsWith('/api/')) return portal(o, store, req, res, url, started);
  let answer: Answer;
  try {
    answer = await route(o, store, req, url);
  } catch (err) {
    const e = errorAnswer(err);
    if (e.status === 500) o.log(`error: ${(err as Error)?.stack ?? String(err)}`);
    answer = { status: e.status, body: e.body };
  }
  const text = answer.type === 'text/plain' ? String(answer.body) : wireJson(answer.body);
  res.writeHead(answer.status, {
    'content-type': `${answer.type ?? 'application/json'}; charset=utf-8`,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  o.log(`${req.method} ${url.pathname} ${answer.status} ${ms.toFixed(1)}`);
}

async function route(o: ServeOptions, store: Store, req: IncomingMessage, url: URL): Promise<Answer> {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? await readBody(req, o.maxBody) : '';
  const ctx = (s: Store = store): DeskContext => ({ store: s, now: o.clock(header(req, 'x-helpdesk-now')) });
  if (method === 'GET' && path === '/api/v1/openapi.json') return { status: 200, body: openApiDocument(o.publicUrl) };
  if (method === 'POST' && path === '/api/v1/login') {
    const input = parseJson(body) as { username?: unknown; password?: unknown; name?: unknown };
    if (typeof input?.username !== 'string') throw new UsageError("invalid request: 'username' is required");
    if (typeof input.password !== 'string') throw new UsageError("invalid request: 'password' is required");
    const name = typeof input.name === 'string' ? input.name : undefined;
    return { status: 201, body: await loginWithPassword(ctx(), { username: input.username, password: input.password, address: clientAddress(o, req), name }) };
  }
  if (method === 'POST' && path === '/api/tickets.json') {
    const key = { key: header(req, 'x-api-key') ?? '', address: clientAddress(o, req) };
    const made = await createFromApi(ctx(), key, () => parseOsTicketPayload(parseJson(body)));
    return { status: 201, body: made.number, type: 'text/plain' };
  }
  const m = match(method, path);
  if (m === null) throw new HttpError(404, 'not_found', `no such route: ${method} ${path}`, 'see GET /api/v1/openapi.json');
  if (m === 'method') throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${path}`);
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '')?.[1];
  if (bearer === undefined) throw new HttpError(401, 'unauthenticated', 'no token: send Authorization: Bearer <token>', 'helpdesk token create, or helpdesk login --server <url>');
  const auth = await authenticateToken(ctx(), bearer);
  const input = inputOf(m, url.searchParams, body === '' ? undefined : parseJson(body));
  let actor = auth.username;
  let acting = store;
  const as = header(req, 'x-helpdesk-as');
  if (as !== undefined) {
    if (!auth.admin) throw new AccessDeniedError('access denied: only admins may act as someone else (--as) on a server', 'leave out --as and HELPDESK_AS');
    actor = decodeHeader(as);
    if (actor !== auth.username) acting = actingAdminStore(store, auth.username);
  }
  const result: unknown = await m.route.useCase.run(ctx(acting), actor, input);
  if (m.route.kind === 'call') return { status: 200, body: { result } };
  const rest = m.route.useCase.rest ? m.route.useCase.rest(result) : result;
  return { status: m.route.useCase.http?.created ? 201 : 200, body: rest };
}

/** Everything outside /api is the end users' portal (HTML). */
async function portal(o: ServeOptions, store: Store, req: IncomingMessage, res: ServerResponse, url: URL, started: bigint): Promise<void> {
  const secure = o.tls !== undefined || (o.publicUrl ?? '').toLowerCase().startsWith('https:');
  const status = await handlePortal({
    store, ctx: () => ({ store, now: o.clock(header(req, 'x-helpdesk-now')) }), maxBody: o.maxBody, secure, address: clientAddress(o, req), log: o.log,
  }, req, res, url).catch((err: Error) => {
    o.log(`error: ${err?.stack ?? String(err)}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('internal error');
    return 500;
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  o.log(`${req.method} ${url.pathname} ${status} ${ms.toFixed(1)}`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function decodeHeader(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    throw new UsageError('invalid request: X-Helpdesk-As is not valid');
  }
}

/** The client's address: the socket's, or behind a trusted proxy the last hop it recorded. */
function clientAddress(o: ServeOptions, req: IncomingMessage): string {
  const socket = req.socket.remoteAddress ?? '';
  if (!o.trustProxy) return socket;
  const forwarded = header(req, 'x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean);
  return forwarded?.at(-1) ?? socket;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new UsageError('invalid request: the body is empty; send a JSON object');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`invalid request: malformed JSON body (${(err as Error).message})`);
  }
}

/** The body as text; over the limit is 413 before it is all read (Content-Length) or as soon as it is. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = () => new HttpError(413, 'too_large', `the request body is larger than ${limit} bytes`, 'an admin raises the limit with: helpdesk config set server.max_body <size>');
  if (declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        fail(tooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
