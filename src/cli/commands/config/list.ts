import { newTable } from '../../render/table.js';
import { Command } from 'commander';
import { configList } from '../../../desk/api/settings.js';
import { withDesk } from '../../session.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { makeStyle, tsvRow } from '../../render/style.js';
import { printJson } from '../shared.js';

export interface ConfigListOptions {
  globals: Globals;
}

export function newConfigListCommand(f: Factory, run = runConfigList): Command {
  return new Command('list')
    .description('every setting with its value (defaults shown; the SMTP password is masked)')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runConfigList(f: Factory, o: ConfigListOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const entries = await desk.run(configList, {});
    if (o.globals.json) return printJson(f, entries);
    if (!f.io.stdoutIsTTY) return f.io.out(entries.map((e) => tsvRow([e.key, e.value, e.set ? 'set' : 'default'])).join(''));
    const s = makeStyle(useColor(f, o.globals));
    const table = newTable({ head: ['Setting', 'Value', 'About'].map((h) => s.bold(h)), style: { head: [], border: [], compact: true } });
    for (const e of entries) {
      const value = e.value === null ? s.gray('(not set)') : e.set ? e.value : `${e.value} ${s.gray('(default)')}`;
      table.push([e.key, value, s.gray(e.description)]);
    }
    f.io.out(`${table.toString()}\n`);
  });
}
