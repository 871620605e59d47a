import { Command } from 'commander';
import { parseSort } from '../../../core/lifecycle.js';
import type { Sort } from '../../../core/model.js';
import { ticketList } from '../../../desk/api/ticket-list.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { makeStyle } from '../../render/style.js';
import { ticketsTable, ticketsTsv } from '../../render/tickets.js';
import { addTicketFilterOptions, parseLimit, printJson, type TicketFilterOptions } from '../shared.js';

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
    const withTotal = f.io.stdoutIsTTY && !g.json;
    const list = await desk.run(ticketList, { ...o, withTotal });
    if (g.json) return printJson(f, list.tickets);
    if (!f.io.stdoutIsTTY) return f.io.out(ticketsTsv(list.tickets));
    const s = makeStyle(useColor(f, g));
    if (list.tickets.length === 0) return f.io.err('No tickets match.\n');
    f.io.out(ticketsTable(s, list.tickets, desk.now, f.io.columns));
    if (list.total !== null && list.total > list.tickets.length) {
      const total = list.estimated ? `about ${list.total.toLocaleString('en-US')}` : String(list.total);
      f.io.err(s.gray(`Showing ${list.tickets.length} of ${total}; pass --limit 0 for all.\n`));
    }
  });
}
