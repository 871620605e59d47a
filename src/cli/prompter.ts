/**
 * Asking a person for a missing value. The inquirer adapter is loaded only when a prompt is really
 * shown (inquirer costs ~100 ms of start-up); Ctrl-C at a prompt becomes CancelError (exit 130).
 */
import { CancelError } from '../core/errors.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  select<T>(message: string, choices: ReadonlyArray<Choice<T>>, options?: { default?: T }): Promise<T>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  /** A secret, not echoed (issue 18: passwords). */
  password?(message: string): Promise<string>;
}

function cancelled(err: unknown): never {
  if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw new CancelError();
  throw err;
}

export function inquirerPrompter(): Prompter {
  const load = () => import('@inquirer/prompts');
  return {
    async input(message, options = {}) {
      const { input } = await load();
      return input({ message, default: options.default, validate: options.validate }).catch(cancelled);
    },
    async select<T>(message: string, choices: ReadonlyArray<Choice<T>>, options: { default?: T } = {}) {
      const { select } = await load();
      return select<T>({ message, choices: [...choices], default: options.default, pageSize: 12 }).catch(cancelled);
    },
    async confirm(message, defaultValue = false) {
      const { confirm } = await load();
      return confirm({ message, default: defaultValue }).catch(cancelled);
    },
    async password(message) {
      const { password } = await load();
      return password({ message, mask: '*' }).catch(cancelled);
    },
  };
}
