/**
 * List queries never leak: on a real database with the real migrations, every actor's ticket list
 * (filtered in SQL by the visibility scope) holds exactly the tickets the access rules let them view,
 * in every queue — checked against `ticket show` (which asks actionsOn) and against lists written by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDeniedError } from '../../src/core/errors.js';
import type { Queue } from '../../src/core/model.js';
import { addAgent, setAgentAccess, setAgentActive } from '../../src/desk/org/agents.js';
import { addTeam } from '../../src/desk/org/teams.js';
import type { DeskContext } from '../../src/desk/context.js';
import { initOrganisation } from '../../src/desk/init.js';
import { setStatus } from '../../src/desk/tickets/status.js';
import { noteTicket } from '../../src/desk/tickets/note.js';
import { createTicket } from '../../src/desk/tickets/create.js';
import { showTicket } from '../../src/desk/tickets/show.js';
import { listTickets } from '../../src/desk/tickets/list.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

let dir: string;
let ctx: DeskContext;

/** Ticket number by a short name, for readable expectations. */
const N: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helpdesk-visibility-'));
  ctx = { store: openSqliteStore(join(dir, 'helpdesk.db')), now: new Date('2026-03-02T09:00:00Z') };
  await initOrganisation(ctx, { sample: 'lab', admin: 'admin' });
  await addAgent(ctx, { actor: 'admin', username: 'viewer', name: 'Vic Viewer', dept: 'Support', role: 'View Only' });
  await addAgent(ctx, { actor: 'admin', username: 'limited', name: 'Lee Limited', dept: 'Accounting', role: 'Limited Access' });
  await addAgent(ctx, { actor: 'admin', username: 'bob', name: 'Bob', dept: 'SysAdmins', role: 'All Access' });
  await addTeam(ctx, 'admin', 'Sys Team', ['limited']);
  await setAgentAccess(ctx, { actor: 'admin', username: 'john', dept: 'SysAdmins', role: 'View Only' });

  const make = async (key: string, user: string, extra: { dept?: string; assign?: string; team?: string } = {}) => {
    const t = await createTicket(ctx, { actor: 'admin', user, subject: `ticket ${key}`, body: `body of ${key}`, ...extra });
    N[key] = t.number;
  };
  await make('supportOpen', 'karen@example.com');
  await make('sysUnassigned', 'karen@example.com', { dept: 'SysAdmins' });
  await make('sysJohn', 'ken@example.com', { dept: 'SysAdmins', assign: 'john' });
  await make('bankingTeam', 'ken@example.com', { dept: 'Online Banking', team: 'Online Banking Team' });
  await make('accountingSysTeam', 'cliff@example.com', { dept: 'Accounting', team: 'Sys Team' });
  await make('accountingLimited', 'alex@example.com', { dept: 'Accounting', assign: 'limited' });
  await make('bankingClosed', 'karen@example.com', { dept: 'Online Banking' });
  await make('sysBob', 'cliff@example.com', { dept: 'SysAdmins', assign: 'bob' });
  await setStatus(ctx, 'admin', N.bankingClosed!, 'closed');
  await noteTicket(ctx, 'admin', N.supportOpen!, 'secret-word in an internal note');
  await setAgentActive(ctx, 'admin', 'bob', false);
});
afterAll(() => {
  ctx.store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ACTORS = ['admin', 'john', 'jane', 'viewer', 'limited', 'karen@example.com', 'ken@example.com', 'cliff@example.com', 'alex@example.com'];

/** Written by hand from CONTRACT.md: who may see which ticket (all queues). */
const EXPECTED: Record<string, string[]> = {
  admin: ['supportOpen', 'sysUnassigned', 'sysJohn', 'bankingTeam', 'accountingSysTeam', 'accountingLimited', 'bankingClosed', 'sysBob'],
  john: ['supportOpen', 'sysUnassigned', 'sysJohn', 'sysBob'], // Support; View Only grant on SysAdmins; assigned
  jane: ['bankingTeam', 'bankingClosed'], // Online Banking (the team ticket is there too)
  viewer: ['supportOpen'], // View Only in Support still sees Support
  limited: ['accountingSysTeam', 'accountingLimited'], // Accounting, their team, their own
  'karen@example.com': ['supportOpen', 'sysUnassigned', 'bankingClosed'],
  'ken@example.com': ['sysJohn', 'bankingTeam'],
  'cliff@example.com': ['accountingSysTeam', 'sysBob'],
  'alex@example.com': ['accountingLimited'],
};

const numbers = (keys: string[]) => keys.map((k) => N[k]!).sort();

async function listed(actor: string, queue: Queue): Promise<string[]> {
  const list = await listTickets(ctx, { actor, queue, limit: null });
  return list.tickets.map((t) => t.number).sort();
}

async function viewable(actor: string): Promise<string[]> {
  const out: string[] = [];
  for (const n of Object.values(N)) {
    try {
      await showTicket(ctx, actor, n);
      out.push(n);
    } catch (err) {
      if (!(err instanceof AccessDeniedError)) throw err;
      expect(err.message).toBe('access denied'); // nothing about the ticket leaks
    }
  }
  return out.sort();
}

describe('every list holds exactly what the actor may view', () => {
  it.each(ACTORS)('%s: the hand-written list, and ticket show agrees', async (actor) => {
    expect(await listed(actor, 'all')).toEqual(numbers(EXPECTED[actor]!));
    expect(await viewable(actor)).toEqual(numbers(EXPECTED[actor]!));
  });

  it.each(ACTORS)('%s: the open and closed queues split the same set', async (actor) => {
    const all = numbers(EXPECTED[actor]!);
    const closed = all.filter((n) => n === N.bankingClosed);
    expect(await listed(actor, 'open')).toEqual(all.filter((n) => n !== N.bankingClosed));
    expect(await listed(actor, 'closed')).toEqual(closed);
  });

  it.each(ACTORS)('%s: the count beyond a limit counts only visible tickets', async (actor) => {
    const list = await listTickets(ctx, { actor, queue: 'all', limit: 1 });
    expect(list.total).toBe(EXPECTED[actor]!.length);
  });

  it('filters never widen the scope: john asking for Online Banking gets nothing', async () => {
    const list = await listTickets(ctx, { actor: 'john', queue: 'all', dept: 'Online Banking', limit: null });
    expect(list.tickets).toEqual([]);
  });

  it('a search by an end user never matches internal notes; an agent finds it', async () => {
    expect((await listTickets(ctx, { actor: 'karen@example.com', queue: 'all', search: 'secret-word' })).tickets).toEqual([]);
    expect((await listTickets(ctx, { actor: 'john', queue: 'all', search: 'secret-word' })).tickets.map((t) => t.number)).toEqual([N.supportOpen]);
  });

  it('a deactivated agent cannot list or show anything', async () => {
    await expect(listTickets(ctx, { actor: 'bob', queue: 'all' })).rejects.toThrow(/agent 'bob' is deactivated/);
    await expect(showTicket(ctx, 'bob', N.sysBob!)).rejects.toThrow(AccessDeniedError);
  });
});
