/**
 * Working one ticket from the interactive desk: show it, then offer only what the actor may do.
 */
import type { Action } from '../../../core/access.js';
import { HelpdeskError } from '../../../core/errors.js';
import { STATUSES, STATUS_INFO, type Status } from '../../../core/model.js';
import { abilitiesOn } from '../../../desk/abilities.js';
import { deskTimezone } from '../../../desk/identity.js';
import { assignTicket, noteTicket, replyTicket, setStatus, transferTicket } from '../../../desk/ticket-actions.js';
import { showTicket } from '../../../desk/tickets.js';
import type { ActionResult } from '../../../desk/work.js';
import { openDesk, type Factory, type Globals } from '../../factory.js';
import type { Style } from '../../render/style.js';
import { safeLine } from '../../render/sanitize.js';
import { ticketDetail } from '../../render/ticket.js';

type Move = 'reply' | 'note' | 'status' | 'claim' | 'assign' | 'transfer' | 'back';

const MOVES: Array<{ move: Move; label: string; needs: Action }> = [
  { move: 'reply', label: 'Reply', needs: 'reply' },
  { move: 'note', label: 'Internal note', needs: 'note' },
  { move: 'status', label: 'Change status', needs: 'status' },
  { move: 'claim', label: 'Assign to me', needs: 'assign' },
  { move: 'assign', label: 'Assign to an agent…', needs: 'assign' },
  { move: 'transfer', label: 'Transfer to a department…', needs: 'transfer' },
];

export async function workTicket(f: Factory, g: Globals, s: Style, who: string, number: string): Promise<void> {
  for (;;) {
    const desk = await openDesk(f, g);
    let allowed: Set<Action>;
    try {
      const ticket = await showTicket(desk, who, number);
      f.io.out(`\n${ticketDetail(s, ticket, desk.now, await deskTimezone(desk))}`);
      allowed = await abilitiesOn(desk, who, number);
    } catch (err) {
      if (err instanceof HelpdeskError) return void f.io.err(`helpdesk: ${safeLine(err.message)}\n`);
      throw err;
    } finally {
      desk.store.close();
    }
    const offered = MOVES.filter((m) => allowed.has(m.needs) || (m.move === 'status' && allowed.has('reopen')));
    const move = await f.prompter.select<Move>(`#${number}: what now?`, [
      ...offered.map((m) => ({ name: m.label, value: m.move })),
      { name: 'Back to the queue', value: 'back' as const },
    ]);
    if (move === 'back') return;
    try {
      const result = await perform(f, g, who, number, move);
      if (result) for (const w of result.warnings) f.io.err(`helpdesk: warning: ${safeLine(w)}\n`);
      if (result?.changed) f.io.err(`${s.green('✓')} done\n`);
    } catch (err) {
      // A refused or invalid change is reported and the desk goes on.
      if (!(err instanceof HelpdeskError) || err.code === 130) throw err;
      f.io.err(`helpdesk: ${safeLine(err.message)}\n${err.hint ? `hint: ${safeLine(err.hint)}\n` : ''}`);
    }
  }
}

async function perform(f: Factory, g: Globals, who: string, number: string, move: Exclude<Move, 'back'>): Promise<ActionResult | null> {
  const text = (q: string) => f.prompter.input(q, { validate: (v) => (v.trim() ? true : 'Please type something') });
  const input = move === 'reply' ? await text('Reply:')
    : move === 'note' ? await text('Internal note:')
      : move === 'assign' ? await text('Agent username:')
        : move === 'transfer' ? await text('Department:')
          : move === 'status' ? await f.prompter.select<Status>('New status', STATUSES.map((st) => ({ name: STATUS_INFO[st].display, value: st })))
            : '';
  const desk = await openDesk(f, g);
  try {
    switch (move) {
      case 'reply': return await replyTicket(desk, { actor: who, number, body: input });
      case 'note': return await noteTicket(desk, who, number, input);
      case 'status': return await setStatus(desk, who, number, input as Status);
      case 'claim': return await assignTicket(desk, { actor: who, number, me: true });
      case 'assign': return await assignTicket(desk, { actor: who, number, to: input });
      case 'transfer': return await transferTicket(desk, who, number, input);
    }
  } finally {
    desk.store.close();
  }
}
