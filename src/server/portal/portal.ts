/**
 * The end-user portal at `/`: routes, sessions and the headers every page carries.
 *
 * Identity comes only from tokens: a session cookie made from a mailed access link, or a rating link.
 * A ticket that is not the visitor's answers 404 exactly like one that does not exist. Pages carry a
 * Content-Security-Policy that allows no script at all and only our own stylesheet, and are never
 * framed or cached.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TooManyRequestsError } from '../../core/auth.js';
import { HelpdeskError, NotFoundError, UsageError } from '../../core/errors.js';
import { formatSize } from '../../core/mailbox.js';
import type { DeskContext } from '../../desk/context.js';
import {
  endSession, openPortalTicket, resolveByUser, portalFile, portalSecret, portalTopics, rateTicket, ratingState, ratingTarget, requestAccessLink, sessionUser, startSession,
  type PortalUser,
} from '../../desk/portal.js';
import { SESSION_MINUTES } from '../../desk/portal-tokens.js';
import { listTickets } from '../../desk/tickets/list.js';
import { showTicket } from '../../desk/tickets/show.js';
import { replyTicket } from '../../desk/tickets/reply.js';
import { setStatus } from '../../desk/tickets/status.js';
import { readAttachmentLimit } from '../../desk/tickets/work-extras.js';
import type { Store } from '../../store/types.js';
import { HttpError } from '../errors.js';
import { cookie, cookies, csrfToken, newCsrfCookie, readForm, requireCsrf, type Form } from './forms.js';
import { PORTAL_CSS, page, type Safe } from './html.js';
import * as P from './pages.js';

export interface PortalOptions {
  store: Store;
  ctx(): DeskContext;
  maxBody: number;
  /** Cookies get Secure (the portal is reached over https). */
  secure: boolean;
  address: string;
  log(line: string): void;
}

const CSP = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

interface Reply { status: number; body: string | Buffer; type?: string; headers?: Record<string, string> }

/** One request of the portal, from start to its answer; returns the status for the log line. */
export async function handlePortal(o: PortalOptions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
  const jar = cookies(req);
  const setCookies: string[] = [];
  let csrfCookie = jar.hd_csrf;
  if (!csrfCookie) {
    csrfCookie = newCsrfCookie();
    setCookies.push(cookie('hd_csrf', csrfCookie, o.secure));
  }
  const r = new PortalRequest(o, req, url, jar, csrfCookie, setCookies);
  let reply: Reply;
  try {
    reply = await r.route();
  } catch (err) {
    try {
      reply = await r.failure(err);
    } catch {
      // A bug: nothing of it reaches the visitor but the fact (the log has the stack).
      o.log(`error: ${(err as Error)?.stack ?? String(err)}`);
      reply = { status: 500, body: page('Error', P.messagePage('Something went wrong', 'This is a bug on our side; please try again later.')) };
    }
  }
  const type = reply.type ?? 'text/html';
  res.writeHead(reply.status, {
    'content-type': type.includes('charset') || !type.startsWith('text/') ? type : `${type}; charset=utf-8`,
    'content-length': String(Buffer.byteLength(reply.body)),
    'content-security-policy': CSP,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...(setCookies.length ? { 'set-cookie': setCookies } : {}),
    ...reply.headers,
  } as Record<string, string | string[]>);
  res.end(reply.body);
  return reply.status;
}

let secretOnce: Promise<string> | null = null;
let secretStore: Store | null = null;

class PortalRequest {
  private user: PortalUser | null | undefined;
  constructor(
    private readonly o: PortalOptions, private readonly req: IncomingMessage, private readonly url: URL,
    private readonly jar: Record<string, string>, private readonly csrfCookie: string, private readonly setCookies: string[],
  ) {}

  private async secret(): Promise<string> {
    if (secretStore !== this.o.store || !secretOnce) {
      secretStore = this.o.store;
      secretOnce = portalSecret(this.o.ctx());
      secretOnce.catch(() => { secretOnce = null; });
    }
    return secretOnce;
  }
  private async csrf(): Promise<string> {
    return csrfToken(await this.secret(), this.csrfCookie);
  }
  private async me(): Promise<PortalUser | null> {
    if (this.user === undefined) this.user = await sessionUser(this.o.ctx(), this.jar.hd_session ?? '');
    return this.user;
  }
  private async html(status: number, title: string, body: Safe): Promise<Reply> {
    const me = await this.me().catch(() => null);
    return { status, body: page(title, body, { signedIn: me?.email ?? null, csrf: await this.csrf() }) };
  }
  private redirect(to: string): Reply {
    return { status: 303, body: '', headers: { location: to } };
  }
  /** The POSTed form, only after its CSRF token checks out. */
  private async form(): Promise<Form> {
    const limit = await readAttachmentLimit(this.o.ctx());
    const form = await readForm(this.req, this.o.maxBody, limit);
    requireCsrf(await this.secret(), this.jar.hd_csrf, form.fields.csrf);
    return form;
  }
  /** Refuses the files cut off at the attachment limit, as the desk refuses them from the command line. */
  private async requireFilesWithinLimit(form: Form): Promise<void> {
    if (form.oversize.length === 0) return;
    throw new UsageError(`${form.oversize.join(', ')} ${form.oversize.length === 1 ? 'is' : 'are'} over the ${await this.limitText()} attachment limit; nothing was saved`);
  }
  private async limitText(): Promise<string> {
    return formatSize(await readAttachmentLimit(this.o.ctx()));
  }

  async route(): Promise<Reply> {
    const method = this.req.method ?? 'GET';
    const path = this.url.pathname;
    const get = method === 'GET' || method === 'HEAD';
    if (get && path === '/portal.css') return { status: 200, body: PORTAL_CSS, type: 'text/css' };
    if (get && path === '/') return this.html(200, 'Help Desk', P.homePage((await this.me()) !== null));
    if (path === '/new') return get ? this.html(200, 'Open a new ticket', P.newTicketPage(await this.csrf(), await portalTopics(this.o.ctx()), await this.limitText())) : this.postNew();
    if (path === '/check') return get ? this.html(200, 'Check a ticket', P.checkPage(await this.csrf())) : this.postCheck();
    if (get && path === '/access') return this.access();
    if (path === '/rate') return get ? this.rateForm() : this.postRate();
    if (method === 'POST' && path === '/logout') return this.logout();
    if (get && path === '/tickets') return this.myTickets();
    const m = /^\/tickets\/(\d{1,12})(?:\/(reply|status|rate|files\/(\d{1,12})))?$/.exec(path);
    if (m) return this.ticketRoute(method, m[1]!, m[2], m[3]);
    return this.html(404, 'Not found', P.messagePage('Not found', 'There is no such page.', { href: '/', label: 'Start over' }));
  }

  private async postNew(): Promise<Reply> {
    const form = await this.form();
    const f = form.fields;
    const values = { name: f.name, email: f.email, topic: f.topic, subject: f.subject, message: f.message };
    try {
      await this.requireFilesWithinLimit(form);
      const made = await openPortalTicket(this.o.ctx(), {
        name: f.name ?? '', email: f.email ?? '', topic: f.topic, subject: f.subject ?? '', body: f.message ?? '', files: form.files, address: this.o.address,
      });
      return this.html(201, `Ticket #${made.number} created`, P.createdPage(made.number));
    } catch (err) {
      if (err instanceof TooManyRequestsError) {
        // The form comes back filled in, so nothing typed is lost while waiting.
        const page = P.newTicketPage(await this.csrf(), await portalTopics(this.o.ctx()), await this.limitText(), values,
          'Too many new tickets from your address: wait a few minutes and try again.');
        return { ...(await this.html(429, 'Open a new ticket', page)), headers: { 'retry-after': '900' } };
      }
      if (!(err instanceof UsageError || (err instanceof HelpdeskError && err.code === 3))) throw err;
      return this.html(400, 'Open a new ticket', P.newTicketPage(await this.csrf(), await portalTopics(this.o.ctx()), await this.limitText(), values, err.message));
    }
  }

  private async postCheck(): Promise<Reply> {
    const f = (await this.form()).fields;
    try {
      await requestAccessLink(this.o.ctx(), { email: f.email ?? '', number: f.number ?? '', address: this.o.address });
    } catch (err) {
      if (!(err instanceof TooManyRequestsError)) throw err;
      return { ...(await this.html(429, 'Check a ticket', P.checkPage(await this.csrf(), 'Too many requests: wait a few minutes and try again.'))), headers: { 'retry-after': '900' } };
    }
    return this.html(200, 'Check your mail', P.checkSentPage());
  }

  private async access(): Promise<Reply> {
    const session = await startSession(this.o.ctx(), this.url.searchParams.get('token') ?? '');
    if (session === null) return this.expired();
    this.setCookies.push(cookie('hd_session', session, this.o.secure, SESSION_MINUTES * 60));
    return this.redirect('/tickets');
  }

  private expired(): Promise<Reply> {
    return this.html(403, 'Link not valid', P.messagePage('This link has expired or is not valid', 'Ask for a new one: it is mailed to you at once.', { href: '/check', label: 'Check a ticket' }));
  }

  private async logout(): Promise<Reply> {
    await this.form();
    if (this.jar.hd_session) await endSession(this.o.ctx(), this.jar.hd_session);
    this.setCookies.push(cookie('hd_session', '', this.o.secure, 0));
    return this.redirect('/');
  }

  private async signedIn(): Promise<PortalUser | Reply> {
    const me = await this.me();
    return me ?? this.html(401, 'Sign in', P.messagePage('Your session has ended', 'Ask for a link to your tickets: it is mailed to you.', { href: '/check', label: 'Check a ticket' }));
  }

  private async myTickets(): Promise<Reply> {
    const me = await this.signedIn();
    if (!('email' in me)) return me;
    const list = await listTickets(this.o.ctx(), { actor: me.email, queue: 'all', sort: 'updated', limit: 200, withTotal: false });
    return this.html(200, 'My tickets', P.myTicketsPage(list.tickets));
  }

  private async ticketRoute(method: string, number: string, action: string | undefined, fileId: string | undefined): Promise<Reply> {
    const me = await this.signedIn();
    if (!('email' in me)) return me;
    if (action === undefined && (method === 'GET' || method === 'HEAD')) return this.ticket(me, number, this.url.searchParams.get('done') ?? undefined);
    if (fileId !== undefined && method === 'GET') {
      const f = await portalFile(this.o.ctx(), me.email, number, Number(fileId));
      const name = f.filename.replace(/["\\\r\n]/g, '_');
      return { status: 200, body: f.content, type: 'application/octet-stream', headers: { 'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(f.filename)}` } };
    }
    if (method !== 'POST' || fileId !== undefined) return this.html(405, 'Not allowed', P.messagePage('Not allowed', 'That does not work here.'));
    const form = await this.form();
    await showTicket(this.o.ctx(), me.email, number).catch((err) => { throw notFound(err); });
    try {
      if (action === 'reply') {
        await this.requireFilesWithinLimit(form);
        await replyTicket(this.o.ctx(), { actor: me.email, number, body: form.fields.message ?? '', files: form.files });
        return this.redirect(`/tickets/${number}?done=replied`);
      }
      if (action === 'status') {
        const to = form.fields.status === 'resolved' ? 'resolved' : 'open';
        if (to === 'resolved') await resolveByUser(this.o.ctx(), me.email, number);
        else await setStatus(this.o.ctx(), me.email, number, to);
        return this.redirect(`/tickets/${number}?done=${to === 'open' ? 'reopened' : 'resolved'}`);
      }
      await rateTicket(this.o.ctx(), { email: me.email, number, rating: Number(form.fields.rating), comment: form.fields.comment });
      return this.redirect(`/tickets/${number}?done=rated`);
    } catch (err) {
      if (!(err instanceof HelpdeskError) || err.code === 1 || err.code === 3) throw err;
      return this.ticket(me, number, undefined, err.message, 400);
    }
  }

  private async ticket(me: PortalUser, number: string, notice?: string, error?: string, status = 200): Promise<Reply> {
    const t = await showTicket(this.o.ctx(), me.email, number).catch((err) => { throw notFound(err); });
    const rating = await ratingState(this.o.ctx(), me.email, t.number);
    return this.html(status, `#${t.number}`, P.ticketPage(t, { csrf: await this.csrf(), me: me.email, rating, notice, error, limit: await this.limitText() }));
  }

  private async rateForm(token = this.url.searchParams.get('token') ?? '', error?: string, status = 200): Promise<Reply> {
    const target = await ratingTarget(this.o.ctx(), token);
    if (!target) return this.expired();
    const t = await showTicket(this.o.ctx(), target.email, target.number).catch((err) => { throw notFound(err); });
    const r = await ratingState(this.o.ctx(), target.email, target.number);
    return this.html(status, `Rate #${t.number}`, P.ratePage(t.number, t.subject, await this.csrf(), r, token, error));
  }

  private async postRate(): Promise<Reply> {
    const f = (await this.form()).fields;
    const target = await ratingTarget(this.o.ctx(), f.token ?? '');
    if (!target) return this.expired();
    try {
      await rateTicket(this.o.ctx(), { email: target.email, number: target.number, rating: Number(f.rating), comment: f.comment });
    } catch (err) {
      if (!(err instanceof HelpdeskError) || err.code === 1 || err.code === 3) throw err;
      return this.rateForm(f.token, err.message, 400);
    }
    return this.html(200, 'Thank you', P.messagePage('Thank you for your rating', 'It helps us do better.'));
  }

  async failure(err: unknown): Promise<Reply> {
    if (err instanceof HttpError && err.status === 403) return this.html(403, 'Forbidden', P.messagePage('Forbidden', err.message));
    if (err instanceof HttpError && err.status === 413) return this.html(413, 'Too large', P.messagePage('Too large', err.message));
    if (err instanceof NotFoundError) return this.html(404, 'Not found', P.messagePage('Not found', 'There is no such ticket among yours.', { href: '/tickets', label: 'My tickets' }));
    if (err instanceof HttpError && err.status === 400) return this.html(400, 'Bad request', P.messagePage('Bad request', err.message));
    throw err;
  }
}

/** Someone else's ticket is "not found", exactly as a ticket that does not exist. */
function notFound(err: unknown): unknown {
  return err instanceof HelpdeskError && (err.code === 3 || err.code === 4) ? new NotFoundError('no such ticket') : err;
}
