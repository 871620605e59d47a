import { Command } from 'commander';
import { createToken, listTokens, revokeToken, type TokenObject } from '../../../desk/auth/tokens.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { printJson } from '../shared.js';

interface Opts { globals: Globals }

export function newTokenCommand(f: Factory): Command {
  const token = new Command('token').description('API tokens for helpdesk serve: create (shown once), list, revoke');
  token.addCommand(new Command('create')
    .description('a new token, printed once on stdout (an agent for themselves; admins for anyone)')
    .option('--agent <username>', 'whose token (admins)')
    .option('--name <label>', 'what it is for, e.g. "laptop" or "nightly script"')
    .option('--expires <duration>', 'expire after 30m, 12h, 90d or 8w (default never)')
    .action((o: { agent?: string; name?: string; expires?: string }, cmd: Command) => runTokenCreate(f, { ...o, globals: globalsOf(cmd) })));
  token.addCommand(new Command('list')
    .description('tokens (yours; admins see all), never their text')
    .action((_o: object, cmd: Command) => runTokenList(f, { globals: globalsOf(cmd) })));
  token.addCommand(new Command('revoke')
    .description('revoke a token: it stops working at once')
    .argument('<id>', 'the id from token list')
    .action((id: string, _o: object, cmd: Command) => runTokenRevoke(f, { id, globals: globalsOf(cmd) })));
  return token;
}

export async function runTokenCreate(f: Factory, o: Opts & { agent?: string; name?: string; expires?: string }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const made = await createToken(desk, { actor, agent: o.agent, name: o.name, expires: o.expires });
    if (o.globals.json) return printJson(f, made);
    f.io.out(`${made.token}\n`);
    f.io.err(`Created token ${made.id} for ${made.agent}${made.expires_at ? `, expires ${made.expires_at}` : ''}; it is shown only now\n`);
  });
}

export async function runTokenList(f: Factory, o: Opts): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const tokens = await listTokens(desk, { actor });
    if (o.globals.json) return printJson(f, tokens);
    f.io.out(tokens.map(tokenLine).join(''));
  });
}

const tokenLine = (t: TokenObject): string =>
  `${[t.id, t.agent, t.name, t.created_at, t.expires_at ?? '-', t.revoked_at ? `revoked ${t.revoked_at}` : t.active ? 'active' : 'expired'].join('\t')}\n`;

export async function runTokenRevoke(f: Factory, o: Opts & { id: string }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const t = await revokeToken(desk, { actor, id: o.id });
    if (o.globals.json) return printJson(f, t);
    f.io.err(`Revoked token ${t.id} (${t.agent}, ${t.name})\n`);
  });
}
