import { newTable } from '../../render/table.js';
import { Command } from 'commander';
import { cannedList } from '../../../desk/api/mail.js';
import { withDesk } from '../../session.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { forTerminal } from '../../render/sanitize.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { printJson } from '../shared.js';

export interface CannedListOptions {
  globals: Globals;
}

export function newCannedListCommand(f: Factory, run = runCannedList): Command {
  return new Command('list')
    .description('the canned responses (piped: title, first line of the text)')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';

export async function runCannedList(f: Factory, o: CannedListOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const list = await desk.run(cannedList, {});
    if (o.globals.json) return printJson(f, list);
    if (!f.io.stdoutIsTTY) return f.io.out(list.map((c) => tsvRow([c.title, firstLine(c.body)])).join(''));
    if (list.length === 0) return f.io.err('No canned responses yet. Add one: helpdesk canned add <title> --body "…"\n');
    const s = makeStyle(useColor(f, o.globals));
    const width = Math.max(20, f.io.columns - 40);
    const table = newTable({ head: ['Title', 'Text'].map((h) => s.bold(h)), style: { head: [], border: [], compact: true } });
    for (const c of forTerminal(list)) {
      const line = firstLine(c.body);
      table.push([c.title, s.gray(line.length > width ? `${line.slice(0, width - 1)}…` : line)]);
    }
    f.io.out(`${table.toString()}\n`);
  });
}
