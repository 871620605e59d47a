/**
 * The use cases that work a ticket: assign, transfer, edit, change SLA, reply, note, change status.
 * Each runs in one write transaction through workOn().
 */
import { statusChangeAction } from '../core/access.js';
import { AccessDeniedError, HelpdeskError, UsageError } from '../core/errors.js';
import { parseBody, parseSubject, parseTicketNumber, statusAfterPost, statusTimestamps } from '../core/lifecycle.js';
import { builtinTarget, clockAfterCustomPause, displayOf, planTargetChange, type StatusTarget } from '../core/custom-status.js';
import { STATUS_INFO, type Priority, type Status } from '../core/model.js';
import { clockAfterPlanChange, clockAfterStatusChange } from '../core/sla.js';
import { keepSettledTargets, remeasuredPause } from '../core/sla-rules.js';
import { clockHistory, settledFacts } from './sla-history.js';
import type { TicketPatch } from '../store/types.js';
import type { DeskContext } from './context.js';
import { expandCanned, findCanned } from './canned.js';
import { findAgent, findDept, findSla, findTeam, findTopic, loadPlan } from './lookup.js';
import { queueUserMail } from './notify.js';
import { loadActiveActor } from './actor.js';
import { applyParent } from './together.js';
import { currentTarget, resolveStatus } from './statuses.js';
import { attachFiles, claimOnResponse, logTime, type NewFile } from './work-extras.js';
import { workOn, workOnIn, type ActionResult, type TicketWork } from './work.js';

export interface AssignInput {
  actor: string;
  number: string;
  to?: string;
  me?: boolean;
  team?: string;
  release?: boolean;
}

/** Sets the agent and/or the team; they are independent (`--to` keeps the team, `--release` clears the agent). */
export function assignTicket(ctx: DeskContext, input: AssignInput): Promise<ActionResult> {
  const agentChoices = [input.to !== undefined, input.me === true, input.release === true].filter(Boolean).length;
  if (agentChoices > 1) throw new UsageError('choose one of --to, --me and --release');
  if (agentChoices === 0 && input.team === undefined) {
    throw new UsageError('nothing to assign', 'pass --to <username>, --me, --team <team> or --release');
  }
  return workOn(ctx, input.actor, input.number, 'assign', async (w) => {
    if (input.to !== undefined || input.me) {
      const agent = input.me ? await findAgent(w.tx, requireAgentName(w)) : await findAgent(w.tx, input.to!);
      if (!agent.active) throw new UsageError(`agent '${agent.username}' is deactivated`, 'assign an active agent');
      if (w.row.assignee_id === agent.id) w.warn(`#${w.row.number} is already assigned to ${agent.username}`);
      else {
        const from = w.row.assignee;
        await w.patch({ assignee_id: agent.id });
        await w.event('assigned', { field: 'agent', from, to: agent.username });
      }
    }
    if (input.release) {
      if (w.row.assignee_id === null) w.warn(`#${w.row.number} has no assigned agent`);
      else {
        const from = w.row.assignee;
        await w.patch({ assignee_id: null });
        await w.event('released', { from, to: null });
      }
    }
    if (input.team !== undefined) {
      const team = await findTeam(w.tx, input.team);
      if (w.row.team_id === team.id) w.warn(`#${w.row.number} is already assigned to team ${team.name}`);
      else {
        const from = w.row.team;
        await w.patch({ team_id: team.id });
        await w.event('assigned', { field: 'team', from, to: team.name });
      }
    }
  });
}

function requireAgentName(w: TicketWork): string {
  if (w.actor.kind !== 'agent') throw new UsageError('--me is for agents');
  return w.actor.username;
}

/** Moves the ticket to another department. */
export function transferTicket(ctx: DeskContext, actor: string, number: string, deptName: string): Promise<ActionResult> {
  return workOn(ctx, actor, number, 'transfer', async (w) => {
    const dept = await findDept(w.tx, deptName);
    if (dept.id === w.row.dept_id) return w.warn(`#${w.row.number} is already in ${dept.name}`);
    const from = w.row.department;
    await w.patch({ dept_id: dept.id });
    await w.event('transferred', { from, to: dept.name });
  });
}

export interface EditInput {
  actor: string;
  number: string;
  subject?: string;
  priority?: Priority;
  topic?: string;
  /** A parent ticket's number, or null to clear it (issue 20). */
  parent?: string | null;
}

/** Changes subject, priority or help topic; one `edited` event per changed field. */
export function editTicket(ctx: DeskContext, input: EditInput): Promise<ActionResult> {
  if (input.subject === undefined && input.priority === undefined && input.topic === undefined && input.parent === undefined) {
    throw new UsageError('nothing to edit', 'pass --subject, --priority, --topic, --parent <n> or --no-parent');
  }
  const subject = input.subject === undefined ? undefined : parseSubject(input.subject);
  return workOn(ctx, input.actor, input.number, 'edit', async (w) => {
    const changes: Array<[string, string | null, string | null, TicketPatch]> = [];
    if (subject !== undefined && subject !== w.row.subject) changes.push(['subject', w.row.subject, subject, { subject }]);
    if (input.priority !== undefined && input.priority !== w.row.priority) {
      changes.push(['priority', w.row.priority, input.priority, { priority: input.priority }]);
    }
    if (input.topic !== undefined) {
      const topic = await findTopic(w.tx, input.topic);
      if (topic.id !== w.row.topic_id) changes.push(['topic', w.row.topic, topic.name, { topic_id: topic.id }]);
    }
    if (input.parent !== undefined) await applyParent(w, input.parent);
    if (!changes.length) return input.parent !== undefined ? undefined : w.warn(`#${w.row.number} already has those values`);
    for (const [field, from, to, patch] of changes) {
      await w.patch(patch);
      await w.event('edited', { field, from, to });
    }
  });
}

/** Puts the ticket on another SLA plan; due times are recomputed from the clock's start. */
export function changeSla(ctx: DeskContext, actor: string, number: string, planName: string): Promise<ActionResult> {
  return workOn(ctx, actor, number, 'edit', async (w) => {
    const sla = await findSla(w.tx, planName);
    if (sla.id === w.row.sla_id) return w.warn(`#${w.row.number} is already on ${sla.name}`);
    const plan = await loadPlan(w.tx, sla.id);
    const oldPlan = await loadPlan(w.tx, w.row.sla_id);
    const history = await clockHistory(w.tx, w.row);
    // Paused time is business time: measured again on the new plan's schedule, from the clock's start.
    const pausedMinutes = remeasuredPause(oldPlan, plan, w.row.paused_minutes, history.pauses);
    const clock = clockAfterPlanChange(oldPlan, plan, {
      createdAt: w.row.created_at, clockStartAt: w.row.clock_start_at, pausedMinutes, pausedAt: w.row.paused_at,
    }, w.row.status, w.at, (await currentTarget(w.tx, w.row)).custom?.pause === true);
    // A recorded breach stays a breach, and a first response met or missed stays as it was.
    const due = keepSettledTargets(settledFacts(w.row, history), { dueAt: clock.dueAt ?? null, firstResponseDueAt: clock.firstResponseDueAt ?? null }, w.at, false);
    const from = w.row.sla;
    await w.patch({
      sla_id: sla.id, due_at: due.dueAt, first_response_due_at: due.firstResponseDueAt,
      paused_minutes: clock.pausedMinutes ?? pausedMinutes, paused_at: clock.pausedAt ?? null,
    });
    await w.event('sla', { from, to: sla.name, due_at: due.dueAt });
  });
}

export interface PostInput {
  actor: string;
  number: string;
  /** The text; or give `canned` instead. */
  body?: string;
  /** A built-in or custom status name (issue 20). */
  status?: string;
  /** Title of a canned response to send, its variables filled in (agents). */
  canned?: string;
  /** Minutes of work to log with it (agents, issue 20). */
  time?: number;
  /** Files to attach to the entry (issue 20). */
  files?: NewFile[];
}

/**
 * A reply: from an agent, visible to the end user (the first one is the first response) and queued
 * as mail to them when mail is configured; from an end user, a message that reopens a
 * resolved/closed ticket or answers an awaiting-response one.
 */
export function replyTicket(ctx: DeskContext, input: PostInput): Promise<ActionResult> {
  if (input.canned !== undefined && input.body !== undefined) throw new UsageError('pass either the reply text or --canned, not both');
  const body = input.canned === undefined ? parseBody(input.body ?? '') : null;
  return workOn(ctx, input.actor, input.number, 'reply', async (w) => {
    const by = w.actor.kind;
    const next = statusAfterPost(by, w.row.status, w.row.number);
    if (by === 'user' && input.status !== undefined) throw new AccessDeniedError('access denied: only agents may use --status');
    // Expanded inside the transaction: an unknown variable fails before anything is saved or queued.
    const text = body ?? await expandCanned(w, await findCanned(w.tx, input.canned!));
    let entryId: number;
    if (by === 'agent') {
      await claimOnResponse(w);
      entryId = await w.entry('reply', text);
      await w.patch({ answered: 1, ...(w.row.first_response_at === null ? { first_response_at: w.now } : {}) });
    } else {
      entryId = await w.entry('message', text);
      await w.patch({ answered: 0 });
    }
    await logTime(w, input.time, entryId);
    await attachFiles(w, input.files, entryId);
    // A status the post itself implies (a user's answer reopens or un-waits the ticket) needs no
    // permission beyond the reply; one the agent asks for with --status is checked like any change.
    if (input.status !== undefined) await applyStatus(w, await resolveStatus(w.tx, input.status));
    else if (next !== null) await applyStatus(w, next, true);
    // One message for the end user: the reply (it also carries a status change such as resolved).
    if (w.actor.kind === 'agent') await queueUserMail(w.tx, 'reply', w.row, { agent: w.actor, message: text, entryId }, w.now);
  });
}

/** An internal note: never shown to end users. */
export function noteTicket(
  ctx: DeskContext, actor: string, number: string, body: string, title?: string, extra: { time?: number; files?: NewFile[] } = {},
): Promise<ActionResult> {
  const text = parseBody(body);
  return workOn(ctx, actor, number, 'note', async (w) => {
    const entryId = await w.entry('note', text, title?.trim() || null);
    await logTime(w, extra.time, entryId);
    await attachFiles(w, extra.files, entryId);
  });
}

/** Issue 20: what `ticket status` may carry besides the note. */
export interface StatusExtras {
  /** Minutes of work to log with the change. */
  time?: number;
  /** Resolving (or closing) a parent changes its open children the same way, in the same transaction. */
  children?: boolean;
}

/**
 * Changes the status (optionally with an internal note in the same transaction). `status` is a
 * built-in or custom status name as typed (issue 20); unknown names are usage errors.
 */
export function setStatus(
  ctx: DeskContext, actor: string, number: string, status: string, note?: string, extra: StatusExtras = {},
): Promise<ActionResult> {
  const text = note === undefined ? undefined : parseBody(note, '--note');
  return workOn(ctx, actor, number, null, async (w) => {
    const target = await resolveStatus(w.tx, status);
    await changeStatus(w, target, text);
    await logTime(w, extra.time, null);
    if (extra.children) await changeChildren(w, target);
  });
}

/** The open children of the ticket move to the same (closed-state) status, each checked on its own. */
async function changeChildren(w: TicketWork, target: StatusTarget): Promise<void> {
  if (STATUS_INFO[target.base].state !== 'closed') throw new UsageError('--children goes with a closed-state status such as resolved or closed');
  for (const child of await w.tx.together.childrenOf(w.row.id)) {
    if (STATUS_INFO[child.status as Status].state !== 'open') continue;
    await workOnIn(w.tx, w.actor, child.number, null, w.at, (c) => changeStatus(c, target, undefined));
  }
}

/**
 * Changes the status of several tickets in ONE transaction (issue 8): every one of them changes, or
 * — at the first that may not (not found, access denied, a transition not allowed) — none does.
 * A number given twice counts once; results come in the order given.
 */
export async function setStatusMany(ctx: DeskContext, who: string, numbers: readonly string[], status: string, note?: string): Promise<ActionResult[]> {
  const text = note === undefined ? undefined : parseBody(note, '--note');
  const unique = [...new Set(numbers.map(parseTicketNumber))];
  if (unique.length === 0) throw new UsageError('no ticket numbers given');
  return ctx.store.write(async (tx) => {
    const actor = await loadActiveActor(tx, who);
    const target = await resolveStatus(tx, status);
    const results: ActionResult[] = [];
    for (const number of unique) {
      try {
        results.push(await workOnIn(tx, actor, number, null, ctx.now, (w) => changeStatus(w, target, text)));
      } catch (err) {
        // All or none: say which ticket stopped the change (the message itself stays as bare as for one).
        if (!(err instanceof HelpdeskError) || unique.length === 1) throw err;
        const which = `refused for #${number}; none of the ${unique.length} tickets was changed`;
        throw new HelpdeskError(err.message, err.code, err.hint ? `${err.hint}; ${which}` : which);
      }
    }
    return results;
  });
}

async function changeStatus(w: TicketWork, target: StatusTarget, note: string | undefined): Promise<void> {
  const change = planTargetChange(await currentTarget(w.tx, w.row), target);
  w.require(statusChangeAction(w.actor, target.base, change));
  if (note !== undefined) {
    w.require('note');
    await w.entry('note', note);
  }
  const before = w.row.status;
  await applyStatus(w, target);
  if (target.base === 'resolved' && before !== 'resolved') {
    await queueUserMail(w.tx, 'resolved', w.row, { agent: w.actor.kind === 'agent' ? w.actor : null }, w.now);
  }
}

/**
 * Applies a status change with its timestamps, clock effects and event; a no-op only warns.
 * `implied` changes follow from a post the actor was allowed to make, so they are not checked again.
 * A custom status (issue 20) is applied over its built-in base; the event names the custom key.
 */
export async function applyStatus(w: TicketWork, status: Status | StatusTarget, implied = false): Promise<void> {
  const to = typeof status === 'string' ? builtinTarget(status) : status;
  const from = await currentTarget(w.tx, w.row);
  const change = planTargetChange(from, to);
  if (change.kind === 'noop') return w.warn(`#${w.row.number} is already ${displayOf(to)}`);
  if (!implied) w.require(statusChangeAction(w.actor, to.base, { kind: 'change', reopen: change.reopen }));
  const plan = await loadPlan(w.tx, w.row.sla_id);
  const clockNow = {
    createdAt: w.row.created_at, clockStartAt: w.row.clock_start_at, pausedMinutes: w.row.paused_minutes, pausedAt: w.row.paused_at,
    firstResponseAt: w.row.first_response_at,
  };
  const baseChange = { from: from.base, to: to.base, reopen: change.reopen };
  const afterBase = change.baseChanged ? clockAfterStatusChange(plan, clockNow, baseChange, w.at) : {};
  const clock = clockAfterCustomPause(plan, clockNow, afterBase, { from, to }, w.at);
  const patch: TicketPatch = { status: to.base, ...(change.baseChanged ? statusTimestamps(baseChange, w.now) : {}) };
  if (from.custom || to.custom) patch.custom_status = to.custom ? to.key : null;
  if (clock.clockStartAt !== undefined) patch.clock_start_at = clock.clockStartAt;
  if (clock.pausedMinutes !== undefined) patch.paused_minutes = clock.pausedMinutes;
  if (clock.pausedAt !== undefined) patch.paused_at = clock.pausedAt;
  if (clock.dueAt !== undefined) patch.due_at = clock.dueAt;
  if (clock.firstResponseDueAt !== undefined) patch.first_response_due_at = clock.firstResponseDueAt;
  if (change.reopen) patch.reopened_count = w.row.reopened_count + 1;
  await w.patch(patch);
  await w.event(change.reopen ? 'reopened' : 'status', { from: from.key, to: to.key });
}
