import { Command } from 'commander';
import { mailInbound } from '../../../desk/api/mail.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { tsvRow } from '../../render/style.js';
import { parseLimit, printJson } from '../shared.js';

export interface InboundOptions {
  ticket?: string;
  limit?: number;
  globals: Globals;
}

export function newMailInboundCommand(f: Factory, run = runInbound): Command {
  return new Command('inbound')
    .description('messages mail ingest filed (id, ticket, outcome, from, received_at, message_id, subject)')
    .option('--ticket <n>', "this ticket's (all of them: admins only)")
    .option('--limit <n>', 'only the most recent n', parseLimit)
    .action((o: Omit<InboundOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

export async function runInbound(f: Factory, o: InboundOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const list = await desk.run(mailInbound, { ticket: o.ticket, limit: o.limit });
    if (o.globals.json) return printJson(f, list);
    f.io.out(list.map((m) => tsvRow([m.id, m.ticket, m.outcome, m.from, m.received_at, m.message_id, m.subject])).join(''));
    if (f.io.stdoutIsTTY && list.length) f.io.err('The original of one: helpdesk mail original <id>\n');
  });
}
