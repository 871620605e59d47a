import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { identities, whoIs } from '../../../desk/auth/identity.js';
import { canPrompt, globalsOf, openDesk, type Factory, type Globals } from '../../factory.js';
import { saveLogin, savedLogin } from '../../logins.js';
import { printJson } from '../shared.js';
import { safeLine } from '../../render/sanitize.js';

export interface LoginOptions {
  who?: string;
  /** Log in to a helpdesk serve instead (src/cli/commands/server/login-server.ts). */
  server?: string;
  tokenFile?: string;
  passwordFile?: string;
  globals: Globals;
}

export function newLoginCommand(f: Factory, run = runLogin): Command {
  return new Command('login')
    .description('save who you are for this database (no argument: pick from a list)')
    .argument('[who]', 'agent username or end-user email (with --server: your username)')
    .option('--server <url>', 'log in to a helpdesk serve: asks for your password, saves the server and a token')
    .option('--token-file <path|->', 'with --server: use this token instead of a password')
    .option('--password-file <path|->', 'with --server: read the password from a file, or - for standard input')
    .action((who: string | undefined, o: Omit<LoginOptions, 'who' | 'globals'>, cmd: Command) => run(f, { who, ...o, globals: globalsOf(cmd) }));
}

export function newSwitchCommand(f: Factory, run = runLogin): Command {
  return new Command('switch')
    .description('switch to another agent or end user, picked from a list')
    .action((_o: object, cmd: Command) => run(f, { globals: globalsOf(cmd) }));
}

export async function runLogin(f: Factory, o: LoginOptions): Promise<void> {
  if (o.server !== undefined) {
    const { runServerLogin } = await import('../server/login-server.js');
    return runServerLogin(f, { ...o, server: o.server });
  }
  if (o.tokenFile !== undefined || o.passwordFile !== undefined) throw new UsageError('--token-file and --password-file go with --server <url>');
  const desk = await openDesk(f, o.globals);
  try {
    let who = o.who;
    if (who === undefined) {
      if (!canPrompt(f, o.globals)) throw new UsageError('who should I log in as?', 'pass a username or email: helpdesk login <who>');
      const current = savedLogin(f.env, desk.store.path) ?? undefined;
      const choices = (await identities(desk)).map((i) => ({ name: safeLine(i.label), value: i.handle }));
      who = await f.prompter.select('Who are you?', choices, { default: current });
    }
    const me = await whoIs(desk, who);
    const handle = me.kind === 'agent' ? me.username : me.email;
    saveLogin(f.env, desk.store.path, handle);
    if (o.globals.json) return printJson(f, me);
    f.io.err(`Logged in as ${safeLine(me.name)} (${safeLine(handle)}) — ${me.kind === 'agent' ? `agent, ${me.department}${me.admin ? ', admin' : ''}` : 'end user'}\n`);
  } finally {
    desk.store.close();
  }
}
