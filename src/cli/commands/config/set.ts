import { Command } from 'commander';
import { configSet } from '../../../desk/api/settings.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { confirm, printJson } from '../shared.js';

export interface ConfigSetOptions {
  key: string;
  value: string;
  globals: Globals;
}

export function newConfigSetCommand(f: Factory, run = runConfigSet): Command {
  return new Command('set')
    .description('change a setting (admins)')
    .argument('<key>', 'mail.from, mail.smtp, mail.autoresponse, mail.attachment_limit, mail.max_message, ticket.max_body or timezone')
    .argument('<value>', 'the new value')
    .action((key: string, value: string, _o: object, cmd: Command) => run(f, { key, value, globals: globalsOf(cmd) }));
}

export async function runConfigSet(f: Factory, o: ConfigSetOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const entry = await desk.run(configSet, { key: o.key, value: o.value });
    if (o.globals.json) return printJson(f, entry);
    confirm(f, o.globals, `${entry.key} = ${entry.value}`);
  });
}
