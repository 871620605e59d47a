/**
 * The shared shape of every use case that changes one ticket: in one write transaction, load the actor
 * and the ticket, check access, let the use case stage its changes, write them with their events, and
 * return the updated ticket object.
 */
import { NotFoundError } from '../../core/errors.js';
import { parseTicketNumber } from '../../core/lifecycle.js';
import type { Actor, EventType } from '../../core/model.js';
import type { AuthorRef, TicketPatch, TicketRow, Tx } from '../../store/types.js';
import { loadActiveActor } from '../actor.js';
import { iso, type DeskContext } from '../context.js';
import { toTicketObject, type TicketObject } from './view.js';
import { requireAction, type Action } from '../../core/access.js';
import { requireBodyWithinLimit } from '../limits.js';

export interface ActionResult {
  ticket: TicketObject;
  /** Non-fatal notices for stderr, e.g. "already open" for a no-op. */
  warnings: string[];
  /** False when nothing changed (a no-op). */
  changed: boolean;
}

export const authorOf = (actor: Actor | null): AuthorRef =>
  actor === null ? { agentId: null, userId: null }
    : actor.kind === 'agent' ? { agentId: actor.id, userId: null } : { agentId: null, userId: actor.id };

/** A use case's view of the ticket it is changing. */
export class TicketWork {
  readonly now: string;
  readonly warnings: string[] = [];
  /** End users copied on the ticket (collaborators): they may see it and post to it. */
  cc: readonly number[] = [];
  private changes = 0;

  constructor(readonly tx: Tx, readonly actor: Actor, public row: TicketRow, readonly at: Date) {
    this.now = iso(at);
  }

  /** Stages column changes; they are visible in `row` at once and written with `updated_at`. */
  async patch(p: TicketPatch): Promise<void> {
    await this.tx.tickets.updateTicket(this.row.id, { ...p, updated_at: this.now });
    this.row = { ...this.row, ...p, updated_at: this.now };
    this.changes++;
  }

  async event(type: EventType, data: object = {}): Promise<void> {
    await this.tx.thread.insertEvent({ ticketId: this.row.id, type, actor: authorOf(this.actor), at: this.now, data });
    this.changes++;
  }

  /** Adds a thread entry by the actor; returns its id. */
  async entry(kind: 'message' | 'reply' | 'note', body: string, title: string | null = null): Promise<number> {
    await requireBodyWithinLimit(this.tx, body);
    const id = await this.tx.thread.insertEntry({ ticketId: this.row.id, kind, author: authorOf(this.actor), title, body, createdAt: this.now });
    await this.tx.tickets.updateTicket(this.row.id, { updated_at: this.now });
    this.row = { ...this.row, updated_at: this.now };
    this.changes++;
    return id;
  }

  require(action: Action): void {
    requireAction(this.actor, action, {
      deptId: this.row.dept_id, assigneeId: this.row.assignee_id, teamId: this.row.team_id, userId: this.row.user_id,
      ccUserIds: this.cc,
    });
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  get changed(): boolean {
    return this.changes > 0;
  }
}

/** Follows merges: posts and mail to a merged ticket land on the ticket it was merged into. */
export async function followMerged(tx: Tx, row: TicketRow): Promise<TicketRow> {
  let current = row;
  for (let hops = 0; current.merged_into_id != null && hops < 50; hops++) {
    const number = await tx.together.numberOf(current.merged_into_id);
    const next = number === null ? null : await tx.tickets.ticketByNumber(number);
    if (!next) break;
    current = next;
  }
  return current;
}

/** Loads a ticket by number or fails with exit 3. */
export async function loadTicket(tx: Tx, number: string): Promise<TicketRow> {
  const n = parseTicketNumber(number);
  const row = await tx.tickets.ticketByNumber(n);
  if (!row) throw new NotFoundError(`ticket #${n} not found`, 'list tickets with: helpdesk ticket list --queue all');
  return row;
}

/**
 * Runs one ticket-changing use case in one write transaction. `action` is checked before `fn` runs, so
 * an actor without the permission changes nothing.
 */
export async function workOn(
  ctx: DeskContext, who: string, number: string, action: Action | null,
  fn: (w: TicketWork) => Promise<void>,
): Promise<ActionResult> {
  return ctx.store.write(async (tx) => workOnIn(tx, await loadActiveActor(tx, who), number, action, ctx.now, fn));
}

/**
 * One ticket's change inside a write transaction the caller holds: workOn, and the use cases that
 * change several tickets at once in one transaction (all of them or none).
 */
export async function workOnIn(
  tx: Tx, actor: Actor, number: string, action: Action | null, at: Date,
  fn: (w: TicketWork) => Promise<void>,
): Promise<ActionResult> {
  const loaded = await loadTicket(tx, number);
  // A reply or note to a merged ticket lands on the ticket it was merged into.
  const row = action === 'reply' || action === 'note' ? await followMerged(tx, loaded) : loaded;
  const w = new TicketWork(tx, actor, row, at);
  if (actor.kind === 'user') w.cc = await tx.together.collaboratorsOf(row.id);
  w.require('view');
  if (action) w.require(action);
  await fn(w);
  if (row.id !== loaded.id) w.warn(`#${loaded.number} was merged into #${row.number}; filed there`);
  const fresh = (await tx.tickets.ticketByNumber(w.row.number))!;
  return { ticket: await toTicketObject(tx, fresh, actor, at), warnings: w.warnings, changed: w.changed };
}
