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

/**
 * Esc at a prompt: go back one level (the interactive desk catches it). Outside the desk it ends
 * the command like Ctrl-C (exit 130), having changed nothing.
 */
export class BackError extends CancelError {
  constructor() {
    super('');
  }
}

/** The terminal was resized while a prompt asked `redrawOnResize`: draw the screen again. */
export class ResizeError extends CancelError {
  constructor() {
    super('');
  }
}

export interface Prompter {
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  select<T>(message: string, choices: ReadonlyArray<Choice<T>>, options?: { default?: T; redrawOnResize?: boolean }): Promise<T>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  /** A secret, not echoed (passwords). */
  password?(message: string): Promise<string>;
}

function cancelled(err: unknown): never {
  if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw new CancelError();
  throw err;
}

const BACK = Symbol('back');
const RESIZE = Symbol('resize');

/**
 * Runs one prompt that Esc aborts (BackError) — inquirer itself knows only Ctrl-C — and, when asked,
 * a terminal resize too (ResizeError). A lone ESC byte is the Esc key; arrow keys arrive as whole
 * escape sequences in one read.
 */
async function escapable<T>(run: (context: { signal: AbortSignal }) => Promise<T>, redrawOnResize = false): Promise<T> {
  const controller = new AbortController();
  const onData = (data: Buffer | string) => {
    if (data.length === 1 && (typeof data === 'string' ? data === '\u001b' : data[0] === 0x1b)) controller.abort(BACK);
  };
  const onResize = () => controller.abort(RESIZE);
  process.stdin.on('data', onData);
  if (redrawOnResize) process.stdout.on('resize', onResize);
  try {
    return await run({ signal: controller.signal });
  } catch (err) {
    if (controller.signal.reason === BACK) throw new BackError();
    if (controller.signal.reason === RESIZE) throw new ResizeError();
    return cancelled(err);
  } finally {
    process.stdin.off('data', onData);
    process.stdout.off('resize', onResize);
  }
}

export function inquirerPrompter(): Prompter {
  const load = () => import('@inquirer/prompts');
  return {
    async input(message, options = {}) {
      const { input } = await load();
      return escapable((context) => input({ message, default: options.default, validate: options.validate }, context));
    },
    async select<T>(message: string, choices: ReadonlyArray<Choice<T>>, options: { default?: T; redrawOnResize?: boolean } = {}) {
      const { select } = await load();
      const ask = () => escapable((context) => select<T>({ message, choices: [...choices], default: options.default, pageSize: 12 }, context), true);
      if (options.redrawOnResize) return ask();
      // Every menu redraws for a resized terminal. Its caller did not ask to draw its whole
      // screen again, so the list itself is drawn again at the new width.
      for (;;) {
        try {
          return await ask();
        } catch (err) {
          if (!(err instanceof ResizeError)) throw err;
        }
      }
    },
    async confirm(message, defaultValue = false) {
      const { confirm } = await load();
      return escapable((context) => confirm({ message, default: defaultValue }, context));
    },
    async password(message) {
      const { password } = await load();
      return password({ message, mask: '*' }).catch(cancelled);
    },
  };
}
