import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { parsePriority, parseSource } from '../../../core/lifecycle.js';
import { ticketCreate } from '../../../desk/api/ticket-create.js';
import { whoami } from '../../../desk/api/identity.js';
import type { DeskContext } from '../../../desk/context.js';
import type { CreateTicketInput } from '../../../desk/tickets/create.js';
import { similarResolved, type SimilarTicket } from '../../../desk/tickets/search.js';
import { canPrompt, globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { safeLine } from '../../render/sanitize.js';
import { localActor, localFiles, withDesk, type DeskSession } from '../../session.js';
import { makeStyle, type Style } from '../../render/style.js';
import { dueText } from '../../render/time.js';
import { collectPaths } from '../attach.js';
import { collectList, printJson, readBody, required } from '../shared.js';

/** The flags: the desk's create input (subject and body may come by prompt, the body from a file, files by path). */
export type CreateOptions = Partial<Omit<CreateTicketInput, 'actor' | 'files'>> & {
  bodyFile?: string;
  attach?: string[];
  globals: Globals;
};

export function newCreateCommand(f: Factory, run = runCreate): Command {
  return new Command('create')
    .description('open a ticket (stdout: the bare ticket number)')
    .option('--subject <s>', 'what is wrong, in a few words')
    .option('--body <text>', "the end user's description (the first message)")
    .option('--body-file <path|->', 'read the description from a file, or - for standard input')
    .option('--user <email>', 'the end user (agents; an unknown email creates the user)')
    .option('--name <n>', 'name for a new end user')
    .option('--topic <t>', 'help topic (supplies department, priority and SLA)')
    .option('--dept <d>', 'department')
    .option('--priority <p>', 'low, normal, high or emergency', parsePriority)
    .option('--sla <plan>', 'SLA plan')
    .option('--source <s>', 'web, email, phone, chat, walk-in, api or other', parseSource)
    .option('--assign <username>', 'assign to an agent')
    .option('--team <team>', 'assign to a team')
    .option('--resolve <resolution>', 'log an on-the-spot fix: created already resolved, with this resolution note')
    .option('--cc <email>', 'copy an end user on the ticket (repeat or comma-separate)', collectList)
    .option('--parent <n>', 'make it a child of this ticket (agents)')
    .option('--attach <file>', 'attach a file (repeatable; up to mail.attachment_limit each)', collectPaths)
    .action((o: Omit<CreateOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

export async function runCreate(f: Factory, o: CreateOptions): Promise<void> {
  const g = o.globals;
  await withDesk(f, g, async (desk) => {
    const actor = localActor(f, g, desk) ?? null;
    if (!canPrompt(f, g)) await requireAllFlags(desk, o);
    const subject = await required(f, g, o.subject, '--subject', 'Subject');
    const body = await readBody(f, g, o, 'Description', desk);
    let user = o.user;
    if (user === undefined && canPrompt(f, g) && (await desk.run(whoami, {})).kind === 'agent') {
      user = await required(f, g, undefined, '--user', "End user's email");
    }
    const files = await localFiles(f, desk, o.attach);
    const ticket = await desk.run(ticketCreate, { ...o, subject, body, user, files });
    if (g.json) return printJson(f, ticket);
    f.io.out(`${ticket.number}\n`);
    const s = makeStyle(useColor(f, g));
    const due = ticket.state === 'open' ? dueText(ticket.due_at, desk.now) : null;
    const parts = [`Created ticket ${s.bold(`#${ticket.number}`)}`, ticket.sla && safeLine(ticket.sla), due, ticket.state === 'closed' ? 'resolved' : null];
    if (!g.quiet) f.io.err(`${parts.filter(Boolean).join(' · ')}\n`);
    if (f.io.stdoutIsTTY && desk.local && actor !== null) await suggestSimilar(f, desk.local, actor, ticket.number, s);
    // Next: only a command the actor may run (an end user cannot take a ticket).
    if (f.io.stdoutIsTTY && !g.quiet && ticket.state === 'open' && ticket.assignee === null && !(actor ?? '').includes('@')) {
      f.io.err(s.gray(`Next: helpdesk ticket assign ${ticket.number} --me\n`));
    }
  });
}

/** Without a terminal, every missing flag is named at once, not one per attempt. */
async function requireAllFlags(desk: DeskSession, o: CreateOptions): Promise<void> {
  const missing: string[] = [];
  if (o.subject === undefined) missing.push('--subject');
  if (o.body === undefined && o.bodyFile === undefined) missing.push('--body');
  if (missing.length === 0) return;
  if (o.user === undefined && (await desk.run(whoami, {})).kind === 'agent') missing.push('--user');
  if (missing.length < 2) return; // one missing flag gets its own message below
  const example = { '--subject': '--subject "…"', '--body': '--body "…" (or --body-file <path|->)', '--user': '--user <email>' } as Record<string, string>;
  throw new UsageError(`missing ${missing.join(', ')}`, `pass ${missing.map((m) => example[m]).join(' ')}`);
}

/** On a terminal: resolved tickets like the new one, so a known fix is one command away. */
async function suggestSimilar(f: Factory, desk: DeskContext, actor: string, number: string, s: Style): Promise<void> {
  let similar: SimilarTicket[];
  try {
    similar = await similarResolved(desk, actor, number);
  } catch {
    return; // A suggestion must never spoil a ticket that was created.
  }
  for (const t of similar) {
    const by = t.resolved_by ? ` — ${t.status} by ${t.resolved_by}` : ` — ${t.status}`;
    f.io.err(`${s.cyan('Similar:')} #${t.number} ${safeLine(t.subject)}${s.gray(safeLine(by))}\n`);
  }
}
