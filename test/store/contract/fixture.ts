/**
 * What every store contract test starts from: a fresh, migrated, empty store (from the factory the
 * store's own test file passes to describeStore) and a small organisation written through the Tx
 * interface only — so the same tests run on any store.
 */
import { afterEach, beforeEach } from 'vitest';
import { nextTicketNumber } from '../../../src/core/lifecycle.js';
import type { NewTicket, Store, Tx } from '../../../src/store/types.js';

/** How a worker thread (or this thread) opens another connection to the same database. */
export interface StoreOpener {
  /** A JavaScript module (file URL) that exports the opening function. */
  module: string;
  export: string;
  /** Its arguments; the function returns a Store or a promise of one. */
  args: unknown[];
}

export interface StoreUnderTest {
  /** A fresh store: schema in place, no rows. */
  store: Store;
  opener: StoreOpener;
  /** Closes what the factory opened and removes the database. */
  dispose(): Promise<void> | void;
}

export type MakeStore = () => Promise<StoreUnderTest>;

export const T0 = '2026-03-02T09:00:00.000Z';
export const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
export const FIRST_NUMBER = nextTicketNumber(null);

export interface Org {
  roleId: number; slaId: number; deptId: number; dept2Id: number;
  agentId: number; agent2Id: number; userId: number; user2Id: number;
}

/** Two departments (Support with the 8-hour plan, Billing without), two agents, two end users. */
export async function seedOrg(tx: Tx): Promise<Org> {
  const roleId = await tx.org.insertRole('Staff', ['view', 'create', 'reply', 'note']);
  const slaId = await tx.sla.insertSla({ name: 'Standard', minutes: 480, firstResponseMinutes: 60, pauseAwaiting: true, scheduleId: null });
  const deptId = await tx.org.insertDept('Support', slaId);
  const dept2Id = await tx.org.insertDept('Billing', null);
  const agent = (username: string, deptId: number) => tx.org.insertAgent({
    username, name: `${username[0]!.toUpperCase()}${username.slice(1)} Agent`, email: `${username}@desk.example`,
    deptId, roleId, isAdmin: false, createdAt: T0,
  });
  const agentId = await agent('alice', deptId);
  const agent2Id = await agent('bob', dept2Id);
  const userId = await tx.org.insertUser({ email: 'carol@example.com', name: 'Carol User', createdAt: T0 });
  const user2Id = await tx.org.insertUser({ email: 'dave@example.com', name: 'Dave User', createdAt: T0 });
  return { roleId, slaId, deptId, dept2Id, agentId, agent2Id, userId, user2Id };
}

/** A ticket row as a use case would write it: open, in Support, on the plan, due in 8 hours. */
export function ticketFields(org: Org, number: string, over: Partial<NewTicket> = {}): NewTicket {
  const created = over.created_at ?? T0;
  return {
    number, subject: 'Printer on fire', status: 'open', priority: 'normal', dept_id: org.deptId, topic_id: null,
    sla_id: org.slaId, assignee_id: null, team_id: null, user_id: org.userId, source: 'email',
    created_at: created, updated_at: created, due_at: at(480), first_response_due_at: at(60), first_response_at: null,
    resolved_at: null, closed_at: null, reopened_count: 0, clock_start_at: created, paused_minutes: 0, paused_at: null,
    answered: 0, ...over,
  };
}

/** Numbers and inserts a ticket the way `ticket create` does; returns its id and number. */
export async function createTicket(tx: Tx, org: Org, over: Partial<NewTicket> = {}): Promise<{ id: number; number: string }> {
  const number = await tx.tickets.takeTicketNumber();
  const id = await tx.tickets.insertTicket(ticketFields(org, number, over));
  return { id, number };
}

/** Opens another connection to the store's database, as the opener says. */
export async function openAnother(opener: StoreOpener): Promise<Store> {
  const mod = await import(opener.module) as Record<string, (...a: unknown[]) => Store | Promise<Store>>;
  return mod[opener.export]!(...opener.args);
}

/**
 * Registers beforeEach/afterEach that give each test a fresh store with the organisation seeded,
 * and returns a getter for them.
 */
export function freshStore(make: MakeStore): () => { store: Store; org: Org; opener: StoreOpener } {
  let current: StoreUnderTest | null = null;
  let org: Org | null = null;
  beforeEach(async () => {
    current = await make();
    org = await current.store.write(seedOrg);
  });
  afterEach(async () => {
    await current?.dispose();
    current = null;
  });
  return () => ({ store: current!.store, org: org!, opener: current!.opener });
}
