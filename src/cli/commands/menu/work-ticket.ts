/**
 * Working one ticket from the interactive desk: show it, then offer only what the actor may do —
 * statuses they may set, agents, teams, departments, plans, priorities and topics picked from lists.
 * Esc at any question goes back one level; an error stays on screen until it is dismissed.
 */
import type { Action } from '../../../core/access.js';
import { asWords, HelpdeskError } from '../../../core/errors.js';
import { PRIORITIES, type Priority } from '../../../core/model.js';
import { abilitiesOn, statusChoices } from '../../../desk/tickets/abilities.js';
import { listAgents } from '../../../desk/org/agents.js';
import { listDepts } from '../../../desk/org/depts.js';
import { listTopics } from '../../../desk/org/topics.js';
import { listTeams } from '../../../desk/org/teams.js';
import { deskTimezone } from '../../../desk/auth/identity.js';
import { listSla } from '../../../desk/sla/plans.js';
import { setStatus } from '../../../desk/tickets/status.js';
import { noteTicket } from '../../../desk/tickets/note.js';
import { replyTicket } from '../../../desk/tickets/reply.js';
import { changeSla } from '../../../desk/tickets/sla.js';
import { editTicket } from '../../../desk/tickets/edit.js';
import { transferTicket } from '../../../desk/tickets/transfer.js';
import { assignTicket } from '../../../desk/tickets/assign.js';
import { showTicket } from '../../../desk/tickets/show.js';
import type { ActionResult } from '../../../desk/tickets/work-on.js';
import type { DeskContext } from '../../../desk/context.js';
import { openDesk, type Factory, type Globals } from '../../factory.js';
import { BackError, ResizeError, type Choice } from '../../prompter.js';
import type { Style } from '../../render/style.js';
import { safeLine } from '../../render/sanitize.js';
import { ticketDetail } from '../../render/ticket.js';

type Move = 'reply' | 'note' | 'status' | 'claim' | 'assign' | 'team' | 'transfer' | 'sla' | 'priority' | 'topic' | 'back';

const MOVES: Array<{ move: Exclude<Move, 'back'>; label: string; needs: Action }> = [
  { move: 'reply', label: 'Reply', needs: 'reply' },
  { move: 'note', label: 'Internal note', needs: 'note' },
  { move: 'status', label: 'Change status', needs: 'status' },
  { move: 'claim', label: 'Assign to me', needs: 'assign' },
  { move: 'assign', label: 'Assign to an agent…', needs: 'assign' },
  { move: 'team', label: 'Assign to a team…', needs: 'assign' },
  { move: 'transfer', label: 'Transfer to a department…', needs: 'transfer' },
  { move: 'sla', label: 'Change the SLA plan…', needs: 'edit' },
  { move: 'priority', label: 'Change the priority…', needs: 'edit' },
  { move: 'topic', label: 'Change the help topic…', needs: 'edit' },
];

async function withDesk<T>(f: Factory, g: Globals, fn: (desk: DeskContext) => Promise<T>): Promise<T> {
  const desk = await openDesk(f, g);
  try {
    return await fn(desk);
  } finally {
    desk.store.close();
  }
}

/** An error stays on screen until the person has read it (the next screen would scroll it away). */
export async function showError(f: Factory, err: HelpdeskError): Promise<void> {
  // The menu has no flags: an input the desk names is said in words ("first response").
  const { message, hint } = err.say(asWords);
  f.io.err(`helpdesk: ${safeLine(message)}\n${hint ? `hint: ${safeLine(hint)}\n` : ''}`);
  try {
    await f.prompter.input('Press Enter to go on');
  } catch (e) {
    if (!(e instanceof BackError)) throw e;
  }
}

export async function workTicket(f: Factory, g: Globals, s: Style, who: string, number: string): Promise<void> {
  for (;;) {
    let offered: Array<{ move: Exclude<Move, 'back'>; label: string }>;
    try {
      offered = await withDesk(f, g, async (desk) => {
        const ticket = await showTicket(desk, who, number);
        const endUser = ticket.clock === undefined;
        f.io.out(`\n${ticketDetail(s, ticket, desk.now, await deskTimezone(desk), undefined, { endUser, columns: f.io.columns })}`);
        const allowed = await abilitiesOn(desk, who, number);
        const statuses = await statusChoices(desk, who, number);
        return MOVES.filter((m) => (m.move === 'status' ? statuses.length > 0 : allowed.has(m.needs)));
      });
    } catch (err) {
      if (err instanceof HelpdeskError && err.code !== 130) return showError(f, err);
      throw err;
    }
    let move: Move;
    try {
      move = await f.prompter.select<Move>(`#${number}: what now?`, [
        ...offered.map((m) => ({ name: m.label, value: m.move })),
        { name: 'Back to the queue', value: 'back' as const, description: 'or Esc' },
      ], { redrawOnResize: true });
    } catch (err) {
      if (err instanceof BackError) return;
      if (err instanceof ResizeError) continue; // the ticket drawn again, to fit the new width
      throw err;
    }
    if (move === 'back') return;
    try {
      const result = await perform(f, g, who, number, move);
      if (result) for (const w of result.warnings) f.io.err(`helpdesk: warning: ${safeLine(w)}\n`);
      if (result?.changed) f.io.err(`${s.green('✓')} done\n`);
    } catch (err) {
      if (err instanceof BackError) continue; // Esc at the question: back to the ticket's menu
      // A refused or invalid change is reported, stays until dismissed, and the desk goes on.
      if (!(err instanceof HelpdeskError) || err.code === 130) throw err;
      await showError(f, err);
    }
  }
}

const text = (f: Factory, q: string) => f.prompter.input(q, { validate: (v) => (v.trim() ? true : 'Please type something') });

/** Picks one of a list; the lists are read from the desk, so a name is never mistyped. */
async function pick(f: Factory, g: Globals, q: string, load: (desk: DeskContext) => Promise<Array<Choice<string>>>): Promise<string> {
  const choices = await withDesk(f, g, load);
  return f.prompter.select(q, choices);
}

async function perform(f: Factory, g: Globals, who: string, number: string, move: Exclude<Move, 'back'>): Promise<ActionResult | null> {
  switch (move) {
    case 'reply': {
      const body = await text(f, 'Reply:');
      return withDesk(f, g, (desk) => replyTicket(desk, { actor: who, number, body }));
    }
    case 'note': {
      const body = await text(f, 'Internal note:');
      return withDesk(f, g, (desk) => noteTicket(desk, who, number, body));
    }
    case 'status': {
      // Custom statuses are offered by name after the built-in ones.
      const to = await pick(f, g, 'New status', (desk) => statusChoices(desk, who, number));
      return withDesk(f, g, (desk) => setStatus(desk, who, number, to));
    }
    case 'claim': return withDesk(f, g, (desk) => assignTicket(desk, { actor: who, number, me: true }));
    case 'assign': {
      const to = await pick(f, g, 'Assign to', async (desk) => (await listAgents(desk, who)).filter((a) => a.active)
        .map((a) => ({ name: `${a.name} (${a.username})`, value: a.username, description: `${a.department}, ${a.role}` })));
      return withDesk(f, g, (desk) => assignTicket(desk, { actor: who, number, to }));
    }
    case 'team': {
      const team = await pick(f, g, 'Assign to team', async (desk) => (await listTeams(desk, who)).map((t) => ({ name: t.name, value: t.name })));
      return withDesk(f, g, (desk) => assignTicket(desk, { actor: who, number, team }));
    }
    case 'transfer': {
      const dept = await pick(f, g, 'Transfer to', async (desk) => (await listDepts(desk, who)).map((d) => ({ name: d.name, value: d.name })));
      return withDesk(f, g, (desk) => transferTicket(desk, who, number, dept));
    }
    case 'sla': {
      const plan = await pick(f, g, 'SLA plan', async (desk) => (await listSla(desk, who)).map((p) => ({ name: `${p.name} — ${p.hours} h`, value: p.name })));
      return withDesk(f, g, (desk) => changeSla(desk, who, number, plan));
    }
    case 'priority': {
      const priority = await f.prompter.select<Priority>('Priority', PRIORITIES.map((p) => ({ name: p, value: p })));
      return withDesk(f, g, (desk) => editTicket(desk, { actor: who, number, priority }));
    }
    case 'topic': {
      const topic = await pick(f, g, 'Help topic', async (desk) => (await listTopics(desk, who)).map((t) => ({ name: t.name, value: t.name })));
      return withDesk(f, g, (desk) => editTicket(desk, { actor: who, number, topic }));
    }
  }
}
