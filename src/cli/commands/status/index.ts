/**
 * `helpdesk status add|list|remove`: custom statuses. Adding and removing are for admins;
 * the list is open to every agent.
 */
import { Command } from 'commander';
import { statusAdd, statusList, statusRemove } from '../../../desk/api/statuses.js';
import type { StatusObject } from '../../../desk/statuses.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { forTerminal } from '../../render/sanitize.js';
import { withDesk } from '../../session.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { newTable } from '../../render/table.js';
import { printJson } from '../shared.js';

export function newStatusNounCommand(f: Factory): Command {
  const status = new Command('status').description('custom statuses: an open or closed state, optionally pausing the resolution clock');
  status.addCommand(new Command('add')
    .description('add a custom status (admins)')
    .argument('<name>', 'its name, e.g. "On Hold" (key: on-hold)')
    .option('--state <state>', 'open or closed: which built-in rules it follows')
    .option('--pause', 'the resolution clock stands still while a ticket is in it (open state only)')
    .action((name: string, o: { state?: string; pause?: boolean }, cmd: Command) => runAdd(f, name, o, globalsOf(cmd))));
  status.addCommand(new Command('list')
    .description('built-in and custom statuses (piped: key, name, state, pause, builtin)')
    .action((_o: object, cmd: Command) => runList(f, globalsOf(cmd))));
  status.addCommand(new Command('remove')
    .alias('rm')
    .description('remove a custom status no ticket is in (admins)')
    .argument('<name>', 'its name or key')
    .action((name: string, _o: object, cmd: Command) => runRemove(f, name, globalsOf(cmd))));
  return status;
}

async function runAdd(f: Factory, name: string, o: { state?: string; pause?: boolean }, g: Globals): Promise<void> {
  await withDesk(f, g, async (desk) => {
    const added = await desk.run(statusAdd, { name, state: o.state, pause: o.pause });
    if (g.json) return printJson(f, added);
    const shown = forTerminal(added);
    f.io.out(`${shown.key}\n`);
    f.io.err(`✓ Added status ${shown.name} (${shown.key}, ${shown.state}${shown.pause ? ', pauses the resolution clock' : ''})\n`);
  });
}

async function runList(f: Factory, g: Globals): Promise<void> {
  await withDesk(f, g, async (desk) => {
    const all = await desk.run(statusList, {});
    if (g.json) return printJson(f, all);
    const list = forTerminal(all);
    if (!f.io.stdoutIsTTY) return f.io.out(list.map((st) => tsvRow([st.key, st.name, st.state, st.pause ? 'pause' : '', st.builtin ? 'builtin' : 'custom'])).join(''));
    const s = makeStyle(useColor(f, g));
    const table = newTable({ head: ['Key', 'Name', 'State', 'Clock', 'Tickets'].map((h) => s.bold(h)), style: { head: [], border: [], compact: true } });
    for (const st of list) table.push(row(st, s.gray));
    f.io.out(`${table.toString()}\n`);
  });
}

const row = (st: StatusObject, gray: (t: string) => string) => [
  st.key, st.name, st.state, st.pause ? 'pauses' : '', st.builtin ? gray('built-in') : String(st.tickets ?? 0),
];

async function runRemove(f: Factory, name: string, g: Globals): Promise<void> {
  await withDesk(f, g, async (desk) => {
    const removed = await desk.run(statusRemove, { name });
    if (g.json) return printJson(f, removed);
    if (f.io.stdoutIsTTY) f.io.err(`✓ Removed status ${forTerminal(removed).name}\n`);
  });
}
