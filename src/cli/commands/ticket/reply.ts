import { Command } from 'commander';
import { statusLabel } from '../../render/style.js';
import type { TicketObject } from '../../../desk/tickets/view.js';
import { HelpdeskError, UsageError } from '../../../core/errors.js';
import { parseTimeSpent } from '../../../core/together.js';
import type { DeskContext } from '../../../desk/context.js';
import { ticketReply } from '../../../desk/api/ticket-actions.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { localActor, localFiles, withDesk } from '../../session.js';
import { collectPaths } from '../attach.js';
import { printChange, readBody } from '../shared.js';

export interface ReplyOptions {
  number: string;
  body?: string;
  bodyFile?: string;
  status?: string;
  canned?: string;
  send?: boolean;
  time?: number;
  attach?: string[];
  globals: Globals;
}

export function newReplyCommand(f: Factory, run = runReply): Command {
  return new Command('reply')
    .description('reply on the thread: from an agent the end user sees it (and gets it by mail); from an end user it is a message')
    .argument('<n>', 'ticket number')
    .option('--body <text>', 'the reply')
    .option('--body-file <path|->', 'read the reply from a file, or - for standard input')
    .option('--canned <title>', 'send this canned response, its %{variables} filled in (agents)')
    .option('--status <s>', 'also set this status (agents; built-in or custom)')
    .option('--time <duration>', 'time spent on it: 15m, 1h30m (agents)', parseTimeSpent)
    .option('--attach <file>', 'attach a file (repeatable); mailed with the reply', collectPaths)
    .option('--send', 'deliver the queued mail right after saving, instead of waiting for mail send')
    .action((number: string, o: Omit<ReplyOptions, 'globals' | 'number'>, cmd: Command) => run(f, { ...o, number, globals: globalsOf(cmd) }));
}

export async function runReply(f: Factory, o: ReplyOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    if (o.send && !desk.local) {
      throw new UsageError('--send does not work on a server: the server delivers its own mail', 'leave out --send (helpdesk serve --jobs sends every minute)');
    }
    const typed = o.canned === undefined || o.body !== undefined || o.bodyFile !== undefined;
    const body = typed ? await readBody(f, o.globals, o, 'Reply', desk) : undefined;
    const files = await localFiles(f, desk, o.attach);
    const result = await desk.run(ticketReply, { files, number: o.number, body, status: o.status, canned: o.canned, time: o.time });
    printChange(f, o.globals, result, `Replied on #${result.ticket.number}${statusNote(result.ticket)}`, undefined, localActor(f, o.globals, desk));
    // Remotely the server delivers (serve --jobs); --send needs the local outbox.
    if (o.send && desk.local) await sendNow(f, desk.local, result.ticket.number);
  });
}

/** A reply that reopened the ticket (an end user answering) or changed its status says so. */
function statusNote(t: TicketObject): string {
  const last = t.events[t.events.length - 1];
  if (last === undefined || last.at !== t.updated_at) return '';
  const to = statusLabel(t.status, t.status_name);
  if (last.type === 'reopened') return `; this reopened it (now ${to})`;
  if (last.type === 'status') return `; it is now ${to}`;
  return '';
}

/** Delivers the ticket's due mail after the commit; a failure leaves it queued and is only a warning. */
async function sendNow(f: Factory, desk: DeskContext, number: string): Promise<void> {
  try {
    const { deliverDue } = await import('../../../mail/deliver.js');
    const report = await deliverDue(desk, { ticket: number });
    const failed = report.messages.find((m) => m.result !== 'sent');
    if (failed) f.io.err(`helpdesk: warning: the reply is saved, but its mail was not delivered: ${failed.error}; it stays queued for helpdesk mail send\n`);
    else if (report.sent && f.io.stdoutIsTTY) f.io.err(`Mailed ${report.sent} message${report.sent === 1 ? '' : 's'}\n`);
  } catch (err) {
    if (!(err instanceof HelpdeskError)) throw err;
    f.io.err(`helpdesk: warning: the reply is saved, but mail was not sent: ${err.message}\n`);
    if (err.hint) f.io.err(`hint: ${err.hint}\n`);
  }
}
