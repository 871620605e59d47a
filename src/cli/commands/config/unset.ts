import { Command } from 'commander';
import { configUnset } from '../../../desk/api/settings.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { confirm, printJson } from '../shared.js';

export interface ConfigUnsetOptions {
  key: string;
  globals: Globals;
}

export function newConfigUnsetCommand(f: Factory, run = runConfigUnset): Command {
  return new Command('unset')
    .description('return a setting to its default (admins)')
    .argument('<key>', 'the setting')
    .action((key: string, _o: object, cmd: Command) => run(f, { key, globals: globalsOf(cmd) }));
}

export async function runConfigUnset(f: Factory, o: ConfigUnsetOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const entry = await desk.run(configUnset, { key: o.key });
    if (o.globals.json) return printJson(f, entry);
    confirm(f, o.globals, `${entry.key} is back to its default${entry.value === null ? ' (unset)' : `: ${entry.value}`}`);
  });
}
