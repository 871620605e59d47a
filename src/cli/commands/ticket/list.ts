import { Command } from 'commander';
import { parseSort } from '../../../core/lifecycle.js';
import type { Sort } from '../../../core/model.js';
import type { DeskContext } from '../../../desk/context.js';
import { ticketList } from '../../../desk/api/ticket-list.js';
import { eachListedTicket, type ListTicketsInput } from '../../../desk/tickets/list.js';
import { globalsOf, identityOf, useColor, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { makeStyle } from '../../render/style.js';
import { page } from '../../pager.js';
import { TICKET_TSV_HEAD, ticketsTable, ticketsTsv, ticketTsv } from '../../render/tickets.js';
import { tsvRow } from '../../render/style.js';
import { addTicketFilterOptions, limitFrom, parseLimit, printJson, type TicketFilterOptions } from '../shared.js';

export interface ListOptions extends TicketFilterOptions {
  search?: string;
  sort?: Sort;
  limit?: number;
  globals: Globals;
}


export function newListCommand(f: Factory, run = runList): Command {
  return addTicketFilterOptions(new Command('list')
    .alias('ls')
    .description('list the tickets you may see (default: the open queue, most urgent first)'), 'open, mine, unassigned, overdue, answered, closed or all')
    .option('--search <words>', 'only tickets whose subject or thread match: words (all), "phrase", prefix*, OR, -word (see ticket search)')
    .option('--sort <order>', 'due, created, updated or priority', parseSort)
    .option('--limit <n>', 'at most n tickets (default 50; 0 for all)', parseLimit)
    .action((o: Omit<ListOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

export async function runList(f: Factory, o: ListOptions): Promise<void> {
  const g = o.globals;
  await withDesk(f, g, async (desk) => {
    // Only a person at a terminal is told how many there are in all; a script pays nothing for it.
    const limit = limitFrom(o.limit);
    // Every ticket into a pipe or as JSON: streamed as SQLite reads them, like export.
    // (Locally; a server answers with the whole list.)
    if (limit === null && (g.json || !f.io.stdoutIsTTY) && desk.local) {
      return streamList(f, g, { ...o, statuses: o.status, actor: identityOf(f, g, desk.local.store.path), limit }, desk.local);
    }
    const withTotal = f.io.stdoutIsTTY && !g.json;
    const list = await desk.run(ticketList, { ...o, withTotal });
    if (g.json) return printJson(f, list.tickets);
    if (!f.io.stdoutIsTTY) return f.io.out(ticketsTsv(list.tickets, g.header));
    const s = makeStyle(useColor(f, g));
    if (list.tickets.length === 0) {
      // An empty open queue is often a finished one: say where the resolved and closed tickets are.
      const closedToo = (o.queue === undefined || o.queue === 'open') && o.status === undefined;
      return f.io.err(`No tickets match.${closedToo ? s.gray(' Resolved and closed ones: helpdesk ticket list --queue closed') : ''}\n`);
    }
    await page(f, g, ticketsTable(s, list.tickets, desk.now, f.io.columns));
    if (list.total !== null && list.total > list.tickets.length) {
      const total = list.estimated ? `about ${list.total.toLocaleString('en-US')}` : String(list.total);
      f.io.err(s.gray(`Showing ${list.tickets.length} of ${total}; pass --limit 0 for all.\n`));
    }
  });
}

/** Output is gathered into chunks of about this many characters: one write per row was most of the time. */
const CHUNK = 1 << 16;

/**
 * `--limit 0` into a pipe or with --json: one ticket at a time from the store to stdout, so memory
 * stays flat at any size. The JSON is byte for byte what printJson gives for the whole array.
 */
async function streamList(f: Factory, g: Globals, input: ListTicketsInput, desk: DeskContext): Promise<void> {
  const json = g.json;
  let buf = json || !g.header ? '' : tsvRow(TICKET_TSV_HEAD);
  const emit = (text: string) => {
    buf += text;
    if (buf.length >= CHUNK) {
      f.io.out(buf);
      buf = '';
    }
  };
  let n = 0;
  await eachListedTicket(desk, input, (t) => {
    if (!json) return emit(ticketTsv(t));
    emit(`${n === 0 ? '[\n' : ',\n'}  ${JSON.stringify(t, null, 2).replace(/\n/g, '\n  ')}`);
    n++;
  });
  if (json) emit(n === 0 ? '[]\n' : '\n]\n');
  if (buf) f.io.out(buf);
}
