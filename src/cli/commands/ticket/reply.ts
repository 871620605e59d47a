import { Command } from 'commander';
import { statusLabel } from '../../render/style.js';
import type { TicketObject } from '../../../desk/tickets/view.js';
import type { SentNow } from '../../../mail/api.js';
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
    const typed = o.canned === undefined || o.body !== undefined || o.bodyFile !== undefined;
    const body = typed ? await readBody(f, o.globals, o, 'Reply', desk) : undefined;
    const files = await localFiles(f, desk, o.attach);
    const input = { files, number: o.number, body, status: o.status, canned: o.canned, time: o.time };
    // On a server, --send is one use case there: the reply, then the server delivers its mail at once.
    const remote = o.send && !desk.local ? await desk.run((await import('../../../mail/api.js')).ticketReplySend, input) : null;
    const result = remote?.result ?? await desk.run(ticketReply, input);
    printChange(f, o.globals, result, `Replied on #${result.ticket.number}${statusNote(result.ticket)}`, undefined, localActor(f, o.globals, desk));
    if (remote) reportSent(f, remote.sent);
    else if (o.send && desk.local) await sendNow(f, desk.local, result.ticket.number);
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
  const { deliverTicketNow } = await import('../../../mail/api.js');
  reportSent(f, await deliverTicketNow(desk, number));
}

/** The same words whether this process or the server delivered. */
function reportSent(f: Factory, sent: SentNow): void {
  if (sent.error) {
    f.io.err(`helpdesk: warning: the reply is saved, but mail was not sent: ${sent.error.message}\n`);
    if (sent.error.hint) f.io.err(`hint: ${sent.error.hint}\n`);
    return;
  }
  const report = sent.report!;
  const failed = report.messages.find((m) => m.result !== 'sent');
  if (failed) f.io.err(`helpdesk: warning: the reply is saved, but its mail was not delivered: ${failed.error}; it stays queued for helpdesk mail send\n`);
  else if (report.sent && f.io.stdoutIsTTY) f.io.err(`Mailed ${report.sent} message${report.sent === 1 ? '' : 's'}\n`);
}
