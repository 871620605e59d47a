/**
 * The end-user portal's use cases. The server's pages call only these and the ordinary
 * ticket use cases (acting as the end user), so a ticket opened or answered in the portal follows
 * exactly the rules of the command line and of mail.
 *
 * Who a portal visitor is comes only from a token: an access link mailed to the address (24 h), which
 * is exchanged for a session (12 h), or a rating link in a resolution mail (30 days).
 */
import { TooManyRequestsError } from '../core/auth.js';
import { AccessDeniedError, ConflictError, named, NotFoundError, UsageError } from '../core/errors.js';
import { parseBody, parseEmail, parseTicketNumber } from '../core/lifecycle.js';
import { parseName } from '../core/org.js';
import { requireAction } from '../core/access.js';
import type { UserActor } from '../core/model.js';
import type { Tx } from '../store/types.js';
import { iso, type DeskContext } from './context.js';
import { queueMail } from './mail/queue.js';
import { ACCESS_LINK_MINUTES, SESSION_MINUTES, issueToken, portalUrl, randomToken, tokenHash } from './portal-tokens.js';
import { createTicketIn } from './tickets/create.js';
import { applyStatus } from './tickets/status.js';
import { queueUserMail } from './mail/queue.js';
import { workOn, type ActionResult } from './tickets/work-on.js';
import { stateOf } from '../core/lifecycle.js';
import type { NewFile } from './tickets/work-extras.js';
import { ticketMailSubject } from '../core/template.js';

/**
 * "This is resolved" from the portal (CONTRACT.md: an end user may mark their ticket resolved). The
 * command line's `ticket status` keeps refusing end users every status but a reopen; here the end
 * user's own word is the resolution, recorded as a status change by them, with the resolution mail
 * (which carries the rating link) as when an agent resolves it.
 */
export function resolveByUser(ctx: DeskContext, email: string, number: string): Promise<ActionResult> {
  return workOn(ctx, email, number, 'view', async (w) => {
    if (w.actor.kind !== 'user') throw new AccessDeniedError('access denied: only the end user marks a ticket resolved here');
    if (stateOf(w.row.status) !== 'open') return w.warn(`#${w.row.number} is already ${w.row.status}`);
    await applyStatus(w, 'resolved');
    await queueUserMail(w.tx, 'resolved', w.row, {}, w.now);
  });
}

/** "Check a ticket": at most this many requests per address, and per email, in the window. */
export const CHECK_LIMIT = { perAddress: 5, perEmail: 3, windowMinutes: 15 };
/** "Open a ticket": at most this many new tickets per client address in the window. */
export const OPEN_LIMIT = { perAddress: 10, windowMinutes: 15 };

/**
 * The portal's throttle (the "check a ticket" limiter, shared by "open a ticket"): refuses (429)
 * when any key already has its maximum of requests in the window, else records one for each key.
 * Inside the caller's write transaction, so a refused or failed request records nothing.
 */
async function throttle(tx: Tx, now: Date, windowMinutes: number, limits: ReadonlyArray<readonly [key: string, max: number]>): Promise<void> {
  const at = iso(now);
  const since = iso(new Date(now.getTime() - windowMinutes * 60_000));
  await tx.portal.prune(at, since);
  for (const [key, max] of limits) {
    if (await tx.portal.requestsSince(key, since) >= max) throw new TooManyRequestsError('too many requests: wait a few minutes and try again');
  }
  for (const [key] of limits) await tx.portal.recordRequest(key, at);
}

export interface PortalUser { id: number; email: string; name: string }

export interface NewPortalTicket {
  name: string; email: string; topic?: string; subject: string; body: string; files?: NewFile[];
  /** The client's address (behind --trust-proxy, the one the proxy saw): at most OPEN_LIMIT tickets per window. */
  address: string;
}

/** Opens a ticket from the portal form: the end user (created when new) opens it, source web. */
export async function openPortalTicket(ctx: DeskContext, input: NewPortalTicket): Promise<{ number: string }> {
  const email = parseEmail(input.email);
  const name = parseName('end user', input.name.slice(0, 200), named('name', 'a name'));
  parseBody(input.body, named('body', 'a message'));
  const now = iso(ctx.now);
  return ctx.store.write(async (tx) => {
    await throttle(tx, ctx.now, OPEN_LIMIT.windowMinutes, [[`open:${input.address}`, OPEN_LIMIT.perAddress]]);
    let user = await tx.org.userByEmail(email);
    if (!user) {
      const id = await tx.org.insertUser({ email, name, createdAt: now });
      user = { id, email, name, created_at: now };
    }
    const actor: UserActor = { kind: 'user', id: user.id, email: user.email, name: user.name };
    const t = await createTicketIn(tx, ctx.now, actor, {
      actor: email, subject: input.subject, body: input.body, topic: input.topic || undefined, source: 'web', files: input.files,
    });
    return { number: t.number };
  });
}

/**
 * "Check a ticket": when the address is that of the ticket's end user (or a collaborator), an access
 * link is queued in the outbox for it. The caller learns nothing either way; too many requests from
 * one address, or for one email, are refused (429) whether or not the pair exists.
 */
export async function requestAccessLink(ctx: DeskContext, input: { email: string; number: string; address: string }): Promise<void> {
  const now = iso(ctx.now);
  let email: string | null;
  let number: string | null;
  try {
    email = parseEmail(input.email);
    number = parseTicketNumber(input.number);
  } catch {
    email = null;
    number = null;
  }
  await ctx.store.write(async (tx) => {
    await throttle(tx, ctx.now, CHECK_LIMIT.windowMinutes, [
      [`address:${input.address}`, CHECK_LIMIT.perAddress], [`email:${email ?? input.email.trim().toLowerCase().slice(0, 320)}`, CHECK_LIMIT.perEmail],
    ]);
    if (email !== null && number !== null) await mailAccessLink(tx, email, number, now);
  });
}

async function mailAccessLink(tx: Tx, email: string, number: string, now: string): Promise<void> {
  const user = await tx.org.userByEmail(email);
  const row = user ? await tx.tickets.ticketByNumber(number) : null;
  if (!user || !row) return;
  const cc = await tx.together.collaboratorsOf(row.id);
  if (row.user_id !== user.id && !cc.includes(user.id)) return;
  const base = (await portalUrl(tx)) ?? '';
  const token = await issueToken(tx, 'access', user.id, null, now, ACCESS_LINK_MINUTES);
  const body = `Dear ${user.name},\n\nHere is your link to your tickets, including #${row.number} "${row.subject}":\n\n` +
    `${base}/access?token=${token}\n\nIt works for ${ACCESS_LINK_MINUTES / 60} hours. If you did not ask for it, ignore this message.\n`;
  await queueMail(tx, { ticketId: row.id, kind: 'portal-link', to: user.email, subject: ticketMailSubject(row.subject, row.number), body }, now, row.number);
}

/** An access link from a mail → a new session token, or null when the link is unknown or expired. */
export async function startSession(ctx: DeskContext, accessToken: string): Promise<string | null> {
  const now = iso(ctx.now);
  return ctx.store.write(async (tx) => {
    const link = await tx.portal.tokenByHash('access', await tokenHash(accessToken), now);
    if (!link) return null;
    return issueToken(tx, 'session', link.user_id, null, now, SESSION_MINUTES);
  });
}

/** The end user of a session cookie, or null. */
export async function sessionUser(ctx: DeskContext, sessionToken: string): Promise<PortalUser | null> {
  if (sessionToken === '') return null;
  const hash = await tokenHash(sessionToken);
  return ctx.store.read(async (tx) => {
    const s = await tx.portal.tokenByHash('session', hash, iso(ctx.now));
    const user = s ? await tx.org.userByEmail(s.email) : null;
    return user ? { id: user.id, email: user.email, name: user.name } : null;
  });
}

export async function endSession(ctx: DeskContext, sessionToken: string): Promise<void> {
  const hash = await tokenHash(sessionToken);
  await ctx.store.write((tx) => tx.portal.deleteToken(hash));
}

/** A rating link → whose it is and which ticket; null when unknown or expired. */
export async function ratingTarget(ctx: DeskContext, token: string): Promise<{ email: string; number: string } | null> {
  const hash = await tokenHash(token);
  return ctx.store.read(async (tx) => {
    const t = await tx.portal.tokenByHash('rating', hash, iso(ctx.now));
    const number = t?.ticket_id != null ? await tx.together.numberOf(t.ticket_id) : null;
    return t && number ? { email: t.email, number } : null;
  });
}

export interface RatingState { can: boolean; rating: { rating: number; comment: string | null; at: string } | null }

/** Whether the end user may rate the ticket now (resolved, not yet rated for this resolution). */
export async function ratingState(ctx: DeskContext, email: string, number: string): Promise<RatingState> {
  return ctx.store.read(async (tx) => {
    const { row } = await userTicket(tx, email, number);
    const done = await tx.portal.ratingOf(row.id, row.reopened_count);
    return {
      can: row.status === 'resolved' || row.status === 'closed' ? done === null && row.resolved_at !== null : false,
      rating: done ? { rating: done.rating, comment: done.comment, at: done.created_at } : null,
    };
  });
}

/** Rates the ticket's current resolution 1–5 with an optional comment; once per resolution. */
export async function rateTicket(ctx: DeskContext, input: { email: string; number: string; rating: number; comment?: string }): Promise<void> {
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw new UsageError('the rating is a whole number from 1 to 5');
  const comment = input.comment?.trim() ? input.comment.trim().slice(0, 5000) : null;
  await ctx.store.write(async (tx) => {
    const { row, user } = await userTicket(tx, input.email, input.number);
    if (row.resolved_at === null || (row.status !== 'resolved' && row.status !== 'closed')) {
      throw new ConflictError(`ticket #${row.number} is not resolved: there is nothing to rate yet`);
    }
    if (await tx.portal.ratingOf(row.id, row.reopened_count)) throw new ConflictError(`ticket #${row.number} is already rated`);
    await tx.portal.insertRating({ ticketId: row.id, resolution: row.reopened_count, userId: user.id, rating: input.rating, comment, createdAt: iso(ctx.now) });
  });
}

/** A file of the user's ticket, unless it came with a note. Anything else: not found. */
export async function portalFile(ctx: DeskContext, email: string, number: string, id: number): Promise<{ filename: string; contentType: string; content: Buffer }> {
  return ctx.store.read(async (tx) => {
    const { row } = await userTicket(tx, email, number);
    const a = (await tx.mail.attachmentsOf(row.id)).find((x) => x.id === id && x.entry_kind !== 'note');
    const content = a ? await tx.mail.attachmentContent(a.id) : null;
    if (!a || !content) throw new NotFoundError('no such file');
    return { filename: a.filename, contentType: a.content_type, content };
  });
}

/** The help topics a visitor may pick. */
export async function portalTopics(ctx: DeskContext): Promise<string[]> {
  return ctx.store.read(async (tx) => (await tx.org.topics()).map((t) => t.name));
}

/** The portal's secret for CSRF tokens, made on first use and shared by every server of the desk. */
export async function portalSecret(ctx: DeskContext): Promise<string> {
  return ctx.store.write((tx) => tx.portal.secret(randomToken()));
}

/** The user's own (or copied) ticket; anything else is "not found", revealing nothing. */
async function userTicket(tx: Tx, email: string, number: string) {
  const user = await tx.org.userByEmail(email);
  let n: string;
  try {
    n = parseTicketNumber(number);
  } catch {
    throw new NotFoundError('no such ticket');
  }
  const row = user ? await tx.tickets.ticketByNumber(n) : null;
  if (!user || !row) throw new NotFoundError('no such ticket');
  const actor: UserActor = { kind: 'user', id: user.id, email: user.email, name: user.name };
  try {
    requireAction(actor, 'view', { deptId: row.dept_id, assigneeId: row.assignee_id, teamId: row.team_id, userId: row.user_id, ccUserIds: await tx.together.collaboratorsOf(row.id) });
  } catch (err) {
    if (err instanceof AccessDeniedError) throw new NotFoundError('no such ticket');
    throw err;
  }
  return { row, user };
}
