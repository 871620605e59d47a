/**
 * Opening a ticket (`ticket create`), and the inserting and notifying that mail intake and the API share.
 */
import { can, canCreateIn, requireAction } from '../../core/access.js';
import { AccessDeniedError, named, says, UsageError } from '../../core/errors.js';
import { parseBody, parseEmail, parseSubject, resolveNewTicketDefaults } from '../../core/lifecycle.js';
import type { Actor, Priority, Source } from '../../core/model.js';
import { parseName } from '../../core/org.js';
import { dueFor } from '../../core/sla.js';
import type { TicketRow, TopicRow, Tx, UserRow } from '../../store/types.js';
import { loadActiveActor, requireAgent } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { findAgent, findDept, findSla, findTeam, findTopic, loadPlan } from '../lookup.js';
import { queueUserMail } from '../mail/queue.js';
import { toTicketObject, type TicketObject } from './view.js';
import { TicketWork, authorOf } from './work-on.js';
import { applyParent } from './link.js';
import { addCollaborators } from './cc.js';
import { attachFiles, autoAssignee, type NewFile } from './work-extras.js';
import { requireBodyWithinLimit } from '../limits.js';
import { builtinTarget } from '../../core/custom-status.js';
import { changeStatus } from './status.js';

export interface CreateTicketInput {
  actor: string;
  subject: string;
  body: string;
  user?: string;
  name?: string;
  topic?: string;
  dept?: string;
  priority?: Priority;
  sla?: string;
  source?: Source;
  assign?: string;
  team?: string;
  /** An on-the-spot fix: recorded as an internal note, and the ticket is created resolved. */
  resolve?: string;
  /** Collaborators (end users' emails) copied on the ticket. */
  cc?: string[];
  /** The parent ticket's number. */
  parent?: string;
  /** Files attached to the first message. */
  files?: NewFile[];
}

/** What only agents may set on a new ticket. End users may pick a help topic and say how they came (--source). */
const AGENT_ONLY: ReadonlyArray<keyof CreateTicketInput> = ['dept', 'priority', 'sla', 'assign', 'team', 'resolve', 'parent'];

/** Opens a ticket: the body is the end user's first message; topic defaults apply; one transaction. */
export async function createTicket(ctx: DeskContext, input: CreateTicketInput): Promise<TicketObject> {
  parseSubject(input.subject);
  parseBody(input.body);
  return ctx.store.write(async (tx) => createTicketIn(tx, ctx.now, await loadActiveActor(tx, input.actor), input));
}

/**
 * createTicket inside a write transaction the caller holds, for an actor already loaded (
 * the portal creates an unknown end user and their ticket in one transaction).
 */
export async function createTicketIn(tx: Tx, at: Date, actor: Actor, input: CreateTicketInput): Promise<TicketObject> {
  const subject = parseSubject(input.subject);
  const body = parseBody(input.body);
  const resolution = input.resolve === undefined ? undefined : parseBody(input.resolve, named('resolve'));
  const cc = [...new Set((input.cc ?? []).map(parseEmail))];
  const now = iso(at);
  const user = await ticketUser(tx, actor, input, now);
  // Given but empty is a mistake to report, not an option to ignore.
  const topic = input.topic !== undefined ? await findTopic(tx, input.topic) : null;
  const dept = input.dept !== undefined ? await findDept(tx, input.dept) : null;
  const sla = input.sla !== undefined ? await findSla(tx, input.sla) : null;
  const assignee = input.assign !== undefined ? await findAgent(tx, input.assign) : null;
  const team = input.team !== undefined ? await findTeam(tx, input.team) : null;
  const chosen = await chooseDefaults(tx, { deptId: dept?.id, priority: input.priority, slaId: sla?.id }, topic);
  if (!canCreateIn(actor, chosen.deptId)) throw new AccessDeniedError('access denied: your role may not open tickets here');
  if (assignee && !assignee.active) throw new UsageError(`agent '${assignee.username}' is deactivated`, 'assign an active agent');

  const facts = { deptId: chosen.deptId, assigneeId: assignee?.id ?? null, teamId: team?.id ?? null, userId: user.id };
  if (assignee || team) requireAction(actor, 'assign', facts);
  if (resolution !== undefined) requireAction(actor, 'close', facts);
  // Nobody opens a ticket they could not see the moment it exists (a department they have no access to).
  if (actor.kind === 'agent' && !can(actor, 'view', facts)) {
    throw new AccessDeniedError(`access denied: you have no access to ${chosenDeptName(await tx.org.departments(), chosen.deptId)}, so you could not see the ticket`,
      says`open it in a department you work in, or assign it to yourself or your team (${named('assign')}, ${named('team')})`);
  }

  // An explicit --assign wins over the department's automatic rule.
  const auto = assignee ? null : await autoAssignee(tx, chosen.deptId);
  const { number, entryId } = await insertNewTicket(tx, now, {
    actor, user, subject, body, chosen, topicId: topic?.id ?? null, assigneeId: assignee?.id ?? auto?.id ?? null, teamId: team?.id ?? null,
    source: input.source ?? (actor.kind === 'user' ? 'web' : 'phone'),
  });

  let row = (await tx.tickets.ticketByNumber(number))!;
  if (assignee || team || resolution !== undefined || auto || cc.length || input.parent !== undefined || input.files?.length) {
    const w = new TicketWork(tx, actor, row, at);
    await attachFiles(w, input.files, entryId);
    if (auto) await w.event('assigned', { field: 'agent', from: null, to: auto.username, rule: auto.rule });
    if (cc.length) await addCollaborators(w, cc);
    if (input.parent !== undefined) await applyParent(w, input.parent);
    if (assignee) await w.event('assigned', { field: 'agent', from: null, to: assignee.username });
    if (team) await w.event('assigned', { field: 'team', from: null, to: team.name });
    if (resolution !== undefined) {
      await w.entry('note', resolution, 'Resolution');
      // The change `ticket status resolved` makes; the new ticket's one mail is sent below.
      await changeStatus(w, builtinTarget('resolved'), { mailResolved: false });
    }
    row = (await tx.tickets.ticketByNumber(number))!;
  }
  await notifyNewTicket(tx, row, actor, now);
  return toTicketObject(tx, row, actor, at);
}

/** Department, priority and SLA of a new ticket: what was given, the topic's, then the organisation's defaults. */
export async function chooseDefaults(
  tx: Tx, given: { deptId?: number; priority?: Priority; slaId?: number }, topic: TopicRow | null,
): Promise<{ deptId: number; priority: Priority; slaId: number | null }> {
  const fallbackDept = await findDept(tx, (await tx.settings.getSetting('default.department')) ?? 'Support');
  const defaultSla = await tx.settings.getSetting('default.sla');
  // Only the chosen department's SLA is asked for: one row, not every department (the API's
  // ticket create read them all, ~7% of its CPU).
  const deptId = given.deptId ?? topic?.dept_id ?? fallbackDept.id;
  const dept = await tx.org.deptById(deptId);
  return resolveNewTicketDefaults(
    given,
    topic ? { deptId: topic.dept_id, priority: topic.priority, slaId: topic.sla_id } : null,
    (id) => (id === deptId ? dept?.sla_id ?? null : null),
    { deptId: fallbackDept.id, slaId: defaultSla === null ? null : Number(defaultSla) },
  );
}

export interface NewTicketFields {
  actor: Actor;
  user: UserRow;
  subject: string;
  body: string;
  chosen: { deptId: number; priority: Priority; slaId: number | null };
  topicId: number | null;
  assigneeId: number | null;
  teamId: number | null;
  source: Source;
}

/**
 * Writes a new open ticket with its due times, the end user's first message and the `created` event;
 * returns its number and the id of that first entry. Checks nothing: callers have.
 */
export async function insertNewTicket(tx: Tx, now: string, f: NewTicketFields): Promise<{ id: number; number: string; entryId: number }> {
  await requireBodyWithinLimit(tx, f.body);
  const plan = await loadPlan(tx, f.chosen.slaId);
  const due = dueFor(plan, { createdAt: now, clockStartAt: now, pausedMinutes: 0 });
  const number = await tx.tickets.takeTicketNumber();
  // The ticket, the end user's first message (their words, whoever typed them) and the `created`
  // event, which says who did: one write (on PostgreSQL one statement, store/pg/tickets.ts).
  const { id, entryId } = await tx.tickets.insertOpenedTicket({
    number, subject: f.subject, status: 'open', priority: f.chosen.priority, dept_id: f.chosen.deptId, topic_id: f.topicId,
    sla_id: f.chosen.slaId, assignee_id: f.assigneeId, team_id: f.teamId, user_id: f.user.id, source: f.source,
    created_at: now, updated_at: now, due_at: due.dueAt, first_response_due_at: due.firstResponseDueAt,
    first_response_at: null, resolved_at: null, closed_at: null, reopened_count: 0, clock_start_at: now,
    paused_minutes: 0, paused_at: null, answered: 0,
  }, { kind: 'message', author: { agentId: null, userId: f.user.id }, title: null, body: f.body, createdAt: now },
  { type: 'created', actor: authorOf(f.actor), at: now, data: {} });
  return { id, number, entryId };
}

/**
 * Mail for a new ticket: the resolution notice when it was fixed on the spot, else the auto-response
 * (when mail.autoresponse is on). Nothing when mail is not configured.
 */
export async function notifyNewTicket(tx: Tx, row: TicketRow, actor: Actor | null, now: string): Promise<void> {
  const agent = actor?.kind === 'agent' ? actor : null;
  await queueUserMail(tx, row.status === 'resolved' ? 'resolved' : 'autoresponse', row, { agent }, now);
}

/** The end user a new ticket is for: themselves, or (for agents) --user, created when unknown. */
async function ticketUser(tx: Tx, actor: Actor, input: CreateTicketInput, now: string): Promise<UserRow> {
  if (actor.kind === 'user') {
    const given = AGENT_ONLY.find((key) => input[key] !== undefined);
    if (given) throw new AccessDeniedError(says`access denied: only agents may use ${named(given)}`);
    if (input.user !== undefined && parseEmail(input.user) !== actor.email.toLowerCase()) {
      throw new AccessDeniedError('access denied: end users open tickets only for themselves', says`leave out ${named('user')}`);
    }
    return (await tx.org.userByEmail(actor.email))!;
  }
  requireAgent(actor, 'open tickets for others');
  if (input.user === undefined) {
    throw new UsageError(says`missing ${named('user')}: whose problem is it?`, says`pass ${named('user')} <email> (an unknown email creates the end user; name it with ${named('name')})`);
  }
  const email = parseEmail(input.user);
  let name = email;
  if (input.name !== undefined && input.name.trim() !== '') {
    try {
      name = parseName('end user', input.name, named('name'));
    } catch (err) {
      // A --name that would be refused matters only when the end user is new (it is not read for a known one).
      const existing = await tx.org.userByEmail(email);
      if (existing) return existing;
      throw err;
    }
  }
  // Found, or created with that name: one round trip on PostgreSQL.
  return (await tx.org.userByEmailOrInsert({ email, name, createdAt: now })).user;
}

const chosenDeptName = (depts: ReadonlyArray<{ id: number; name: string }>, id: number): string => depts.find((d) => d.id === id)?.name ?? 'that department';
