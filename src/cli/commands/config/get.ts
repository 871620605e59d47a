import { Command } from 'commander';
import { configGet } from '../../../desk/api/settings.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { printJson } from '../shared.js';

export interface ConfigGetOptions {
  key: string;
  globals: Globals;
}

export function newConfigGetCommand(f: Factory, run = runConfigGet): Command {
  return new Command('get')
    .description('print one setting (the SMTP password is masked); nothing when unset')
    .argument('<key>', 'the setting')
    .action((key: string, _o: object, cmd: Command) => run(f, { key, globals: globalsOf(cmd) }));
}

export async function runConfigGet(f: Factory, o: ConfigGetOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const entry = await desk.run(configGet, { key: o.key });
    if (o.globals.json) return printJson(f, entry);
    if (entry.value !== null) f.io.out(`${entry.value}\n`);
  });
}
