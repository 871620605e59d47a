import { Command } from 'commander';
import { parseStatus } from '../../../core/lifecycle.js';
import type { Status } from '../../../core/model.js';
import { replyTicket } from '../../../desk/ticket-actions.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { printChange, readBody } from '../shared.js';

export interface ReplyOptions {
  number: string;
  body?: string;
  bodyFile?: string;
  status?: Status;
  globals: Globals;
}

export function newReplyCommand(f: Factory, run = runReply): Command {
  return new Command('reply')
    .description('reply on the thread: from an agent the end user sees it; from an end user it is a message')
    .argument('<n>', 'ticket number')
    .option('--body <text>', 'the reply')
    .option('--body-file <path|->', 'read the reply from a file, or - for standard input')
    .option('--status <s>', 'also set this status (agents)', parseStatus)
    .action((number: string, o: Omit<ReplyOptions, 'globals' | 'number'>, cmd: Command) => run(f, { ...o, number, globals: globalsOf(cmd) }));
}

export async function runReply(f: Factory, o: ReplyOptions): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const body = await readBody(f, o.globals, o, 'Reply');
    const result = await replyTicket(desk, { actor, number: o.number, body, status: o.status });
    printChange(f, o.globals, result, `Replied on #${result.ticket.number}`);
  });
}
