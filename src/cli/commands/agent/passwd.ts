import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { setPassword } from '../../../desk/auth/passwords.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { printJson } from '../shared.js';
import { promptSecret, readSecretFile } from '../server/secret-input.js';

export interface PasswdOptions { username: string; passwordFile?: string; globals: Globals }

export function newAgentPasswdCommand(f: Factory, run = runAgentPasswd): Command {
  return new Command('passwd')
    .description("set an agent's password for helpdesk serve logins (admins for anyone, agents for themselves)")
    .argument('<username>', 'the agent')
    .option('--password-file <path|->', 'read the password from a file, or - for standard input (else asked twice on a terminal)')
    .action((username: string, o: { passwordFile?: string }, cmd: Command) => run(f, { username, ...o, globals: globalsOf(cmd) }));
}

export async function runAgentPasswd(f: Factory, o: PasswdOptions): Promise<void> {
  let password: string;
  if (o.passwordFile !== undefined) password = await readSecretFile(f, o.passwordFile, '--password-file');
  else {
    password = await promptSecret(f, o.globals, 'New password:', '--password-file');
    if ((await promptSecret(f, o.globals, 'Again:', '--password-file')) !== password) throw new UsageError('the two passwords differ; nothing changed');
  }
  await withSession(f, o.globals, async (desk, actor) => {
    const done = await setPassword(desk, { actor, username: o.username, password });
    if (o.globals.json) return printJson(f, done);
    f.io.err(`Password set for ${done.username}\n`);
  });
}
