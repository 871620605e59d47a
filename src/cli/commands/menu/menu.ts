/**
 * The interactive desk: `helpdesk` with no command on a terminal. Who you are, your queue with its SLA
 * clocks, and a menu — work a ticket, open one, switch user, labs — until you quit.
 */
import { HelpdeskError, UsageError } from '../../../core/errors.js';
import { identities, whoIs, type WhoAmI } from '../../../desk/auth/identity.js';
import { createTicket } from '../../../desk/tickets/create.js';
import { deskNameOf, identityOf, openDesk, refuseOnServer, useColor, type Factory, type Globals } from '../../factory.js';
import { listTickets } from '../../../desk/tickets/list.js';
import { saveLogin } from '../../logins.js';
import { makeStyle, type Style } from '../../render/style.js';
import { safeLine } from '../../render/sanitize.js';
import { ticketsTable } from '../../render/tickets.js';
import { labMenu } from './labs.js';
import { BackError, ResizeError } from '../../prompter.js';
import { showError, workTicket } from './work-ticket.js';

type Choice = 'work' | 'open' | 'refresh' | 'switch' | 'labs' | 'quit';

/** Rows of the queue on the desk's screen; the rest are counted. */
const QUEUE_ROWS = 20;

/** Runs the menu loop until the person quits. */
export async function runDesk(f: Factory, g: Globals): Promise<void> {
  // The interactive desk works on a local file; with a server configured it must not quietly open
  // another desk than the one the commands use.
  refuseOnServer(f, g);
  const s = makeStyle(useColor(f, g));
  let who = await currentIdentity(f, g);
  for (;;) {
    const me = await withDesk(f, g, (desk) => whoIs(desk, who));
    const queue = await showQueue(f, g, s, me, who);
    let choice: Choice;
    try {
      choice = await f.prompter.select<Choice>('What next?', [
        { name: 'Work a ticket', value: 'work', description: me.kind === 'agent' ? 'reply, note, status, assign, SLA…' : 'reply, mark resolved, reopen' },
        { name: 'Open a ticket', value: 'open' },
        { name: 'Refresh the queue', value: 'refresh' },
        { name: 'Switch user', value: 'switch' },
        { name: 'Labs', value: 'labs', description: 'guided training scenarios' },
        { name: 'Quit', value: 'quit' },
      ], { redrawOnResize: true });
    } catch (err) {
      // A resized terminal, or Esc at the top: draw the queue again (Quit or Ctrl-C leaves).
      if (err instanceof ResizeError || err instanceof BackError) continue;
      throw err;
    }
    if (choice === 'quit') return;
    try {
      if (choice === 'work') await pickAndWork(f, g, s, who, queue);
      if (choice === 'open') await openTicket(f, g, who, me);
      if (choice === 'switch') who = await pickIdentity(f, g);
      if (choice === 'labs') who = (await labMenu(f, g, s)) ?? who;
    } catch (err) {
      if (err instanceof BackError) continue; // Esc: back to the queue
      if (err instanceof HelpdeskError && err.code !== 130) await showError(f, err);
      else throw err;
    }
  }
}

async function withDesk<T>(f: Factory, g: Globals, fn: (desk: Awaited<ReturnType<typeof openDesk>>) => Promise<T>): Promise<T> {
  const desk = await openDesk(f, g);
  try {
    return await fn(desk);
  } finally {
    desk.store.close();
  }
}

async function currentIdentity(f: Factory, g: Globals): Promise<string> {
  try {
    return identityOf(f, g, deskNameOf(f, g));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    f.io.err('Nobody is logged in on this database yet.\n');
    return pickIdentity(f, g);
  }
}

async function pickIdentity(f: Factory, g: Globals): Promise<string> {
  return withDesk(f, g, async (desk) => {
    const choices = (await identities(desk)).map((i) => ({ name: safeLine(i.label), value: i.handle }));
    const who = await f.prompter.select('Who are you?', choices);
    saveLogin(f.env, desk.store.path, who);
    return who;
  });
}

async function showQueue(f: Factory, g: Globals, s: Style, me: WhoAmI, who: string) {
  return withDesk(f, g, async (desk) => {
    const list = await listTickets(desk, { actor: who, queue: 'open', limit: QUEUE_ROWS, withTotal: true });
    const role = me.kind === 'agent' ? `agent, ${me.department}${me.admin ? ', admin' : ''}` : 'end user';
    f.io.out(`\n${s.bold('helpdesk')} · ${s.bold(safeLine(me.name))} ${s.gray(`(${safeLine(role)})`)} · ${list.total} open\n`);
    if (list.tickets.length === 0) f.io.out(s.gray('  Your queue is empty.\n'));
    else f.io.out(ticketsTable(s, list.tickets, desk.now, f.io.columns));
    if (list.total !== null && list.total > list.tickets.length) {
      f.io.out(s.gray(`  Showing the ${list.tickets.length} most urgent of ${list.total}; all of them: helpdesk ticket list --limit 0\n`));
    }
    return list.tickets;
  });
}

async function pickAndWork(f: Factory, g: Globals, s: Style, who: string, queue: Awaited<ReturnType<typeof showQueue>>): Promise<void> {
  const choices = queue.map((t) => ({ name: `#${t.number}  ${safeLine(t.subject)}`, value: t.number }));
  choices.push({ name: 'Another ticket (type its number)', value: '' });
  let number = await f.prompter.select('Which ticket?', choices);
  if (number === '') number = await f.prompter.input('Ticket number:', { validate: (v) => (/^#?\d{6,}$/.test(v.trim()) ? true : 'e.g. 100042') });
  await workTicket(f, g, s, who, number);
}

async function openTicket(f: Factory, g: Globals, who: string, me: WhoAmI): Promise<void> {
  const nonEmpty = (v: string) => (v.trim() ? true : 'Please type something');
  const user = me.kind === 'agent' ? await f.prompter.input("End user's email:", { validate: nonEmpty }) : undefined;
  const subject = await f.prompter.input('Subject:', { validate: nonEmpty });
  const body = await f.prompter.input('Description:', { validate: nonEmpty });
  await withDesk(f, g, async (desk) => {
    const t = await createTicket(desk, { actor: who, user, subject, body });
    f.io.err(`Created ticket #${t.number} · ${safeLine(t.sla ?? 'no SLA')}\n`);
  });
}
