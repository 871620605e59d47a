/**
 * `helpdesk login --server <url>`: username and password (or --token-file) for a
 * helpdesk serve, then the server and the token are saved beside the other logins (mode 0600), and
 * every desk command talks to that server until `helpdesk logout`.
 */
import { UsageError } from '../../../core/errors.js';
import { whoami } from '../../../desk/api/identity.js';
import type { Factory, Globals } from '../../factory.js';
import { saveServer } from '../../server-login.js';
import { printJson, required } from '../shared.js';
import { promptSecret, readSecretFile } from './secret-input.js';

export interface ServerLoginOptions {
  who?: string;
  server: string;
  tokenFile?: string;
  passwordFile?: string;
  globals: Globals;
}

function serverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--server '${text}' is not a URL`, 'e.g. --server https://desk.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server '${text}' is not an http(s) URL`);
  return url.href.replace(/\/+$/, '');
}

export async function runServerLogin(f: Factory, o: ServerLoginOptions): Promise<void> {
  const url = serverUrl(o.server);
  const { callUseCase, send } = await import('../../../remote/client.js');
  let token: string;
  if (o.tokenFile !== undefined) token = (await readSecretFile(f, o.tokenFile, '--token-file')).trim();
  else {
    const username = await required(f, o.globals, o.who, '<username>', 'Username');
    const password = o.passwordFile !== undefined
      ? await readSecretFile(f, o.passwordFile, '--password-file')
      : await promptSecret(f, o.globals, 'Password:', '--password-file (or --token-file)');
    const made = await send(url, '/api/v1/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, name: 'helpdesk login' }),
    }) as { token: string };
    token = made.token;
  }
  // Ask the server who the token is for: a bad token is refused here, not at the next command.
  const me = await callUseCase({ url, token }, whoami, {});
  saveServer(f.env, { url, token });
  if (o.globals.json) return printJson(f, me);
  const name = me.kind === 'agent' ? `${me.name} (${me.username})` : `${me.name} (${me.email})`;
  f.io.err(`Logged in to ${url} as ${name}\n`);
}
