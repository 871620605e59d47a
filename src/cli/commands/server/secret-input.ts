/**
 * Reading a secret for a command: from a file or standard input (`--password-file -`,
 * `--token-file -`), or typed at a prompt on a terminal. Never from a flag's value, which would sit in
 * the shell history and the process list.
 */
import { UsageError } from '../../../core/errors.js';
import { canPrompt, type Factory, type Globals } from '../../factory.js';

export async function readSecretFile(f: Pick<Factory, 'io'>, path: string, flag: string): Promise<string> {
  let text: string;
  try {
    text = path === '-' ? await f.io.readStdin() : await f.io.readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${flag} ${path}${code ? ` (${code})` : ''}`, 'pass a readable file, or - to read standard input');
  }
  // One line: the first, without its line ending (echo "secret" > file adds one).
  return text.split(/\r?\n/)[0] ?? '';
}

export async function promptSecret(f: Pick<Factory, 'io' | 'prompter'>, g: Globals, message: string, flag: string): Promise<string> {
  if (!canPrompt(f, g) || !f.prompter.password) throw new UsageError(`missing ${flag}`, `pass ${flag} <path|-> (- reads standard input)`);
  return f.prompter.password(message);
}
