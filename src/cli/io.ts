/**
 * The command's view of the outside world: where output goes, whether a person is there, whether to
 * color. Tests pass a fake; main.ts builds the real one from process.
 */
import { closeSync, fstatSync, openSync, readFile, readSync, statSync, writeSync } from 'node:fs';
import { requireOnDemand } from './on-demand.js';
import { keepColorsOnly } from './render/sanitize.js';

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
  /** Height of the terminal, to decide whether to page; unknown in fakes. */
  readonly rows?: number;
  /**
   * Reads all of stdin (only ever called for `--body-file -`). With `limit`, stops reading once more
   * than `limit` bytes came and rejects with a TooLargeError: nothing past the limit is read.
   */
  readStdin(limit?: number): Promise<string>;
  readFile(path: string, limit?: number): Promise<string>;
  /** Raw bytes of stdin / a file (mail ingest: messages are not always UTF-8). Optional for fakes. */
  readStdinBytes?(limit?: number): Promise<Buffer>;
  readFileBytes?(path: string, limit?: number): Promise<Buffer>;
  /** Writes raw bytes to stdout (attachments, original messages). */
  outBytes?(data: Buffer): void;
  /** Standard input as a stream, for input too large to hold in memory (`import -`). Optional for fakes. */
  stdinStream?(): AsyncIterable<Buffer | string>;
  /**
   * Resolves once stdout can take more (a terminal slower than a long export); undefined when it can
   * now. Optional for fakes, whose output never pushes back.
   */
  outReady?(): Promise<void> | undefined;
}

/**
 * The real IO. Output to a terminal goes through process.stdout/stderr; output to a pipe or a file
 * is written straight to the descriptor. (process.stdout on a pipe is a socket: creating it loads
 * node:net and the stream machinery, a few milliseconds of every scripted command's start-up.) `onBrokenPipe` runs when the reader of stdout went away (`helpdesk export | head`).
 */
export function processIO(onBrokenPipe: () => void = () => {}): IO {
  const stdoutIsTTY = isTerminal(1);
  const raw = stdoutIsTTY ? (data: string | Buffer) => void process.stdout.write(data) : fdWriter(1, onBrokenPipe);
  // Text for a terminal keeps its colors and nothing else raw (see render/sanitize.ts); piped text and
  // raw bytes (attachments, `mail original > file`) are passed as they are.
  const out = stdoutIsTTY ? (data: string | Buffer) => raw(typeof data === 'string' ? keepColorsOnly(data) : data) : raw;
  // Asked only when needed (a message, a prompt): /dev/null is a character device too.
  let stderrIsTTY: boolean | undefined;
  let stdinIsTTY: boolean | undefined;
  let err: ((text: string) => void) | undefined;
  return {
    out,
    // Messages are never data: whatever they quote is shown with its control characters visible.
    err: (text) => (err ??= isTerminal(2) ? (t) => void process.stderr.write(t) : fdWriter(2, () => {}))(keepColorsOnly(text)),
    get stdinIsTTY() { return (stdinIsTTY ??= isTerminal(0)); },
    stdoutIsTTY,
    get stderrIsTTY() { return (stderrIsTTY ??= isTerminal(2)); },
    // Read at each use: the interactive desk redraws for a resized terminal.
    get columns() { return stdoutIsTTY ? process.stdout.columns || 80 : 80; },
    get rows() { return stdoutIsTTY ? process.stdout.rows || 24 : undefined; },
    readStdin: async (limit) => (await readStdinBounded(limit)).toString('utf8'),
    readFile: async (path, limit) => (limit === undefined ? read(path, 'utf8') : readFileBounded(path, limit).toString('utf8')),
    readStdinBytes: readStdinBounded,
    readFileBytes: async (path, limit) => (limit === undefined ? read(path) : readFileBounded(path, limit)),
    outBytes: raw,
    stdinStream: () => process.stdin,
    // Only a terminal is written through process.stdout; a pipe or a file is written synchronously to
    // its descriptor (fdWriter), which never leaves anything to drain.
    outReady: () => (stdoutIsTTY && process.stdout.writableNeedDrain
      ? new Promise<void>((done) => process.stdout.once('drain', () => done()))
      : undefined),
  };
}

/** More bytes came than the reader's limit allows; reading stopped there. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

async function readStdinBounded(limit = Infinity): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the loop early (the throw) destroys the stream: nothing more is read.
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > limit) throw new TooLargeError(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a file up to `limit` bytes, in pieces, so that /dev/zero, /dev/urandom or a 300 MB file costs
 * at most the limit (fs.readFile would try to hold all of it, or never end).
 */
export function readFileBounded(path: string, limit: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit - total + 1));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      total += n;
      if (total > limit) throw new TooLargeError(limit);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * fs.readFile as a promise. Not node:fs/promises: loading that module (with the streams and readline
 * it pulls in) cost every command a few milliseconds at start-up, for the few that read a file.
 */
function read(path: string): Promise<Buffer>;
function read(path: string, encoding: 'utf8'): Promise<string>;
function read(path: string, encoding?: 'utf8'): Promise<string | Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: NodeJS.ErrnoException | null, data: string | Buffer) => (err ? reject(err) : resolve(data));
    if (encoding) readFile(path, encoding, done);
    else readFile(path, done);
  });
}

/**
 * Whether a descriptor is a terminal. A pipe or a file plainly is not, nor is /dev/null (scripts'
 * `>/dev/null`): only another character device is asked of node:tty, which loads node:net and the
 * streams (~3 ms) just to say no.
 */
function isTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice() || st.rdev === devNull()) return false;
  } catch {
    return false;
  }
  return (requireOnDemand('node:tty') as typeof import('node:tty')).isatty(fd);
}

let devNullRdev: number | undefined;

function devNull(): number {
  try {
    return (devNullRdev ??= statSync('/dev/null').rdev);
  } catch {
    return (devNullRdev = -1);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes everything to a descriptor, synchronously, as Node writes to pipes and files itself. */
function fdWriter(fd: number, onBrokenPipe: () => void): (data: string | Buffer) => void {
  let broken = false;
  return (data) => {
    let buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    while (buf.length > 0 && !broken) {
      try {
        buf = buf.subarray(writeSync(fd, buf));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A descriptor someone left non-blocking: wait for the reader to catch up.
        if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
        else if (code === 'EPIPE') {
          broken = true;
          onBrokenPipe();
        } else throw err;
      }
    }
  };
}
