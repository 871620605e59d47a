import { Command } from 'commander';
import { addApiKey, listApiKeys, revokeApiKey } from '../../../desk/auth/api-keys.js';
import { globalsOf, withSession, type Factory, type Globals } from '../../factory.js';
import { printJson } from '../shared.js';

interface Opts { globals: Globals }

export function newApiKeyCommand(f: Factory): Command {
  const key = new Command('apikey').description('API keys for osTicket-compatible intake (POST /api/tickets.json; admins)');
  key.addCommand(new Command('add')
    .description('a new key, printed once on stdout')
    .option('--name <label>', 'what it is for, e.g. "contact form"')
    .option('--ip <cidr>', 'accept it only from this address range, e.g. 192.0.2.0/24')
    .action((o: { name?: string; ip?: string }, cmd: Command) => runApiKeyAdd(f, { ...o, globals: globalsOf(cmd) })));
  key.addCommand(new Command('list')
    .description('API keys, never their text')
    .action((_o: object, cmd: Command) => runApiKeyList(f, { globals: globalsOf(cmd) })));
  key.addCommand(new Command('revoke')
    .description('revoke a key: it stops working at once')
    .argument('<id>', 'the id from apikey list')
    .action((id: string, _o: object, cmd: Command) => runApiKeyRevoke(f, { id, globals: globalsOf(cmd) })));
  return key;
}

export async function runApiKeyAdd(f: Factory, o: Opts & { name?: string; ip?: string }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const made = await addApiKey(desk, { actor, name: o.name, ip: o.ip });
    if (o.globals.json) return printJson(f, made);
    f.io.out(`${made.key}\n`);
    f.io.err(`Created API key ${made.id} (${made.name}${made.ip ? `, only from ${made.ip}` : ''}); it is shown only now\n`);
  });
}

export async function runApiKeyList(f: Factory, o: Opts): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const keys = await listApiKeys(desk, { actor });
    if (o.globals.json) return printJson(f, keys);
    f.io.out(keys.map((k) => `${[k.id, k.name, k.ip ?? 'any address', k.created_at, k.revoked_at ? `revoked ${k.revoked_at}` : 'active'].join('\t')}\n`).join(''));
  });
}

export async function runApiKeyRevoke(f: Factory, o: Opts & { id: string }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const k = await revokeApiKey(desk, { actor, id: o.id });
    if (o.globals.json) return printJson(f, k);
    f.io.err(`Revoked API key ${k.id} (${k.name})\n`);
  });
}
