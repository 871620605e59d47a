import { Command } from 'commander';
import { getConfig } from '../../../desk/config.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
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
  await withSession(f, o.globals, async (desk, actor) => {
    const entry = await getConfig(desk, actor, o.key);
    if (o.globals.json) return printJson(f, entry);
    if (entry.value !== null) f.io.out(`${entry.value}\n`);
  });
}
