import { Command } from 'commander';
import { deskTimezone } from '../../../desk/api/identity.js';
import { ticketShow } from '../../../desk/api/tickets.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { makeStyle } from '../../render/style.js';
import { ticketDetail } from '../../render/ticket.js';
import { page } from '../../pager.js';
import { printJson } from '../shared.js';

export interface ShowOptions {
  number: string;
  globals: Globals;
}

export function newShowCommand(f: Factory, run = runShow): Command {
  return new Command('show')
    .alias('view')
    .description('a ticket: properties, SLA clock, thread and history')
    .argument('<n>', 'ticket number (100042 or #100042)')
    .action((number: string, _o: object, cmd: Command) => run(f, { number, globals: globalsOf(cmd) }));
}

export async function runShow(f: Factory, o: ShowOptions): Promise<void> {
  const g = o.globals;
  await withDesk(f, g, async (desk) => {
    const ticket = await desk.run(ticketShow, { number: o.number });
    if (g.json) return printJson(f, ticket);
    const endUser = ticket.clock === undefined; // the desk explains the clock to agents only
    // Wrapped to a terminal's width only: piped text keeps each line whole for grep and friends.
    const wrapAt = f.io.stdoutIsTTY ? f.io.columns : Infinity;
    const text = ticketDetail(makeStyle(useColor(f, g)), ticket, desk.now, await desk.run(deskTimezone, {}), ticket.clock, { endUser, columns: wrapAt });
    await page(f, g, text);
  });
}
