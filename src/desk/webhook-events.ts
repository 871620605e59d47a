/**
 * Webhook events, queued in the same transaction as the change they tell of.
 *
 * Rather than every use case remembering to queue its webhooks, the store a command works on is
 * wrapped once (cli/factory.ts openDesk): inside each write transaction the events and thread
 * entries written are noted, and just before the transaction ends a delivery is queued for each
 * webhook that wants them — so no path that records a change (CLI, server, mail ingest, sla check,
 * automations) can forget, and a rolled-back change queues nothing. With no webhook registered this
 * costs one small query per write transaction that recorded something.
 */
import type { AgentActor } from '../core/model.js';
import type { Store, Tx } from '../store/types.js';
import { toTicketObject } from './tickets/view.js';

export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.replied', 'ticket.noted', 'ticket.status', 'ticket.assigned', 'ticket.overdue'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const FROM_EVENT: Readonly<Record<string, WebhookEvent>> = {
  created: 'ticket.created', status: 'ticket.status', reopened: 'ticket.status', merged: 'ticket.status',
  assigned: 'ticket.assigned', released: 'ticket.assigned', overdue: 'ticket.overdue',
};
const FROM_ENTRY: Readonly<Record<string, WebhookEvent>> = { reply: 'ticket.replied', message: 'ticket.replied', note: 'ticket.noted' };

interface Seen { ticketId: number; event: WebhookEvent; kind: 'event' | 'entry'; id: number; at: string }

/** The store with webhook deliveries queued inside each write transaction that records a change. */
export function withWebhooks(store: Store): Store {
  const queuing = <T>(fn: (tx: Tx) => Promise<T>) => async (tx: Tx): Promise<T> => {
    const seen: Seen[] = [];
    const result = await fn(noting(tx, seen));
    if (seen.length) await queueWebhooks(tx, seen);
    return result;
  };
  const write = <T>(fn: (tx: Tx) => Promise<T>) => store.write(queuing(fn));
  // The server's group commit writes through writeEach: its units queue their webhooks too.
  const group = store as Store & { writeEach?: <T>(fns: ReadonlyArray<(tx: Tx) => Promise<T>>) => Promise<unknown> };
  const writeEach = group.writeEach === undefined ? undefined
    : <T>(fns: ReadonlyArray<(tx: Tx) => Promise<T>>) => group.writeEach!(fns.map((fn) => queuing(fn)));
  // Everything else is the store's own (a Proxy keeps whatever else a store offers).
  return new Proxy(store, {
    get(target, key) {
      if (key === 'write') return write;
      if (key === 'writeEach' && writeEach !== undefined) return writeEach;
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

function noting(tx: Tx, seen: Seen[]): Tx {
  const thread = noteThread(tx.thread, seen);
  const tickets = noteTickets(tx.tickets, seen);
  return new Proxy(tx, {
    get(target, key) {
      if (key === 'thread') return thread;
      if (key === 'tickets') return tickets;
      return Reflect.get(target, key, target) as unknown;
    },
  });
}

/** What a new ticket's first entry and event mean for the webhooks, in the order they are written. */
function noteEntry(seen: Seen[], ticketId: number, id: number, e: { kind: keyof typeof FROM_ENTRY; createdAt: string }): void {
  const event = FROM_ENTRY[e.kind];
  if (event) seen.push({ ticketId, event, kind: 'entry', id, at: e.createdAt });
}
function noteEvent(seen: Seen[], ticketId: number, id: number, e: { type: keyof typeof FROM_EVENT; at: string }): void {
  const event = FROM_EVENT[e.type];
  if (event) seen.push({ ticketId, event, kind: 'event', id, at: e.at });
}

/** The tickets domain, noting the entry and event a new ticket is opened with (insertOpenedTicket writes them itself). */
function noteTickets(tickets: Tx['tickets'], seen: Seen[]): Tx['tickets'] {
  return new Proxy(tickets, {
    get(target, key) {
      if (key === 'insertOpenedTicket') {
        return async (...[t, first, event]: Parameters<Tx['tickets']['insertOpenedTicket']>) => {
          const made = await target.insertOpenedTicket(t, first, event);
          noteEntry(seen, made.id, made.entryId, first);
          noteEvent(seen, made.id, made.eventId, event);
          return made;
        };
      }
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The thread domain, noting each event and entry written through it. */
function noteThread(thread: Tx['thread'], seen: Seen[]): Tx['thread'] {
  return new Proxy(thread, {
    get(target, key) {
      if (key === 'insertEvent') {
        return async (e: Parameters<Tx['thread']['insertEvent']>[0]) => {
          const id = await target.insertEvent(e);
          noteEvent(seen, e.ticketId, id, e);
          return id;
        };
      }
      if (key === 'insertEntry') {
        return async (e: Parameters<Tx['thread']['insertEntry']>[0]) => {
          const id = await target.insertEntry(e);
          noteEntry(seen, e.ticketId, id, e);
          return id;
        };
      }
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The view a webhook gets: everything an agent with full access sees (notes included). */
const SYSTEM_VIEW: AgentActor = {
  kind: 'agent', id: 0, username: 'system', name: 'system', email: null, isAdmin: true, active: true, deptId: 0, department: '',
  primary: [], grants: new Map(), teamIds: [],
};

/** Queues the deliveries: one per webhook, ticket and event kind in this transaction, in order. */
export async function queueWebhooks(tx: Tx, seen: readonly Seen[]): Promise<void> {
  const hooks = await tx.webhooks.webhooks();
  if (hooks.length === 0) return;
  const created = new Set(seen.filter((s) => s.event === 'ticket.created').map((s) => s.ticketId));
  const once = new Map<string, Seen>();
  for (const s of seen) {
    // A new ticket's first message is part of its creation, not a reply.
    if (s.kind === 'entry' && s.event === 'ticket.replied' && created.has(s.ticketId)) {
      const first = seen.find((x) => x.ticketId === s.ticketId && x.kind === 'entry');
      if (first === s) continue;
    }
    const key = `${s.ticketId} ${s.event}`;
    if (!once.has(key)) once.set(key, s);
  }
  const tickets = new Map<number, Record<string, unknown> | null>();
  for (const s of once.values()) {
    const wanting = hooks.filter((h) => h.events.split(',').includes(s.event));
    if (wanting.length === 0) continue;
    if (!tickets.has(s.ticketId)) tickets.set(s.ticketId, await ticketPayload(tx, s.ticketId, s.at));
    const ticket = tickets.get(s.ticketId);
    if (!ticket) continue;
    const body = JSON.stringify({ event: s.event, at: s.at, actor: await actorOf(tx, s), ticket });
    for (const h of wanting) await tx.webhooks.insertDelivery({ webhookId: h.id, event: s.event, ticketId: s.ticketId, body, createdAt: s.at });
  }
}

/** The ticket object without its thread, as it is at the end of the transaction. */
async function ticketPayload(tx: Tx, ticketId: number, at: string): Promise<Record<string, unknown> | null> {
  const number = await tx.together.numberOf(ticketId);
  const row = number === null ? null : await tx.tickets.ticketByNumber(number);
  if (!row) return null;
  const { thread: _thread, ...ticket } = await toTicketObject(tx, row, SYSTEM_VIEW, new Date(at));
  return ticket;
}

async function actorOf(tx: Tx, s: Seen): Promise<string> {
  if (s.kind === 'event') return (await tx.thread.eventsOf(s.ticketId)).find((e) => e.id === s.id)?.actor ?? 'system';
  return (await tx.thread.entriesOf(s.ticketId)).find((e) => e.id === s.id)?.author ?? 'system';
}
