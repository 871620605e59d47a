/**
 * The command's view of the outside world: where output goes, whether a person is there, whether to
 * color. Tests pass a fake; main.ts builds the real one from process.
 */
import { readFile } from 'node:fs/promises';

export interface IO {
  /** Writes to stdout (the result). */
  out(text: string): void;
  /** Writes to stderr (messages, hints, progress). */
  err(text: string): void;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (progress bars); false when unknown. */
  readonly stderrIsTTY?: boolean;
  /** Width of the terminal, for tables; 80 when unknown. */
  readonly columns: number;
  /** Reads all of stdin (only ever called for `--body-file -`). */
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  /** Raw bytes of stdin / a file (mail ingest: messages are not always UTF-8). Optional for fakes. */
  readStdinBytes?(): Promise<Buffer>;
  readFileBytes?(path: string): Promise<Buffer>;
  /** Writes raw bytes to stdout (attachments, original messages). */
  outBytes?(data: Buffer): void;
}

export function processIO(): IO {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.columns || 80,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    readStdinBytes: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    readFileBytes: (path) => readFile(path),
    outBytes: (data) => void process.stdout.write(data),
  };
}
