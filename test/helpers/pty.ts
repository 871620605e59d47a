/**
 * Driving helpdesk in a real pseudo-terminal, the way a person types at it.
 */
import pty from '@lydell/node-pty';
import { BIN } from './cli.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
export const plain = (text: string): string => text.replace(ANSI, '');

export interface Terminal {
  /** Everything written to the terminal so far (with escape codes). */
  readonly output: string;
  /** Resolves once `text` (escape codes ignored) has appeared in the output. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Like waitFor, but only output written from now on counts (for a prompt shown a second time). */
  waitForNext(text: string | RegExp, timeoutMs?: number): Promise<void>;
  type(keys: string): void;
  /** Changes the terminal's size (SIGWINCH), as dragging a window does. */
  resize(cols: number, rows: number): void;
  exited: Promise<number>;
}

export const KEY = { enter: '\r', down: '\u001b[B', up: '\u001b[A', ctrlC: '\u0003' };

export function terminal(args: string[], env: Record<string, string>, size: { cols?: number; rows?: number } = {}): Terminal {
  const p = pty.spawn(process.execPath, [BIN, ...args], { name: 'xterm-256color', cols: size.cols ?? 120, rows: size.rows ?? 40, env });
  let output = '';
  const waiters = new Set<() => void>();
  p.onData((d) => {
    output += d;
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number>((done) => p.onExit(({ exitCode }) => done(exitCode)));
  return {
    get output() {
      return output;
    },
    waitFor(text, timeoutMs = 15_000) {
      return waitFrom(0, text, timeoutMs);
    },
    waitForNext(text, timeoutMs = 15_000) {
      return waitFrom(output.length, text, timeoutMs);
    },
    type: (keys) => p.write(keys),
    resize: (cols, rows) => p.resize(cols, rows),
    exited,
  };

  function waitFrom(from: number, text: string | RegExp, timeoutMs: number): Promise<void> {
    const seen = () => {
      const screen = plain(output.slice(from));
      return typeof text === 'string' ? screen.includes(text) : text.test(screen);
    };
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!seen()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${String(text)}; screen so far:\n${plain(output)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }
}
