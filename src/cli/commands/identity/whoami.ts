import { Command } from 'commander';
import { whoami } from '../../../desk/api/identity.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { withDesk } from '../../session.js';
import { printJson } from '../shared.js';

export function newWhoamiCommand(f: Factory, run = runWhoami): Command {
  return new Command('whoami')
    .description('who you are acting as')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runWhoami(f: Factory, o: { globals: Globals }): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const me = await desk.run(whoami, {});
    if (o.globals.json) {
      const { kind, name, department, admin } = me;
      return printJson(f, me.kind === 'agent' ? { kind, username: me.username, name, department, admin } : { kind, email: me.email, name, department, admin });
    }
    const handle = me.kind === 'agent' ? me.username : me.email;
    const role = me.kind === 'agent' ? `agent, ${me.department}${me.admin ? ', admin' : ''}` : 'end user';
    f.io.out(`${me.name} (${handle}) — ${role}\n`);
  });
}
