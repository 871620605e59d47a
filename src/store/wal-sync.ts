/**
 * The server's commits made durable off the main thread. With synchronous=FULL SQLite
 * fsyncs the write-ahead log inside every COMMIT, and better-sqlite3 runs that on the one thread
 * that also reads and answers requests: nothing else happens for the 1-10 ms an fsync takes on
 * this kind of disk, so the server could not pass ~200 commits a second however it grouped them.
 *
 * Instead the server's connection commits with synchronous=NORMAL (the log is written, not synced)
 * and this syncs the log file on libuv's thread pool; a request is answered only after a sync
 * that began after its commit has finished, so an answered write is on disk exactly as with FULL.
 * While one sync runs the next transactions commit, and one sync then covers all of them.
 * Checkpoints are unchanged: with NORMAL, SQLite still syncs the log before one and the database
 * after it.
 */
import { close, fdatasync, open } from 'node:fs';

type Done = () => void;

export class WalSync {
  private fd: number | null = null;
  private running = false;
  /** Waiting for a sync that has not begun yet (their commits came after the running one began). */
  private waiting: Array<{ ok: Done; fail(err: unknown): void }> = [];
  private closed = false;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything committed before this call is on disk. */
  sync(): Promise<void> {
    return new Promise((ok, fail) => {
      this.waiting.push({ ok, fail });
      if (!this.running) this.start();
    });
  }

  /** Closes the log file's descriptor (after the last sync; SQLite removes the file at close). */
  close(): void {
    this.closed = true;
    if (this.fd !== null && !this.running) {
      close(this.fd, () => undefined);
      this.fd = null;
    }
  }

  private start(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.running = true;
    const finish = (err: unknown) => {
      this.running = false;
      for (const w of batch) {
        if (err) w.fail(err);
        else w.ok();
      }
      if (this.waiting.length) this.start();
      else if (this.closed) this.close();
    };
    this.descriptor((err, fd) => (err || fd < 0 ? finish(err) : fdatasync(fd, finish)));
  }

  /** The log stays the same file while the server's connection is open, so it is opened once. */
  private descriptor(then: (err: NodeJS.ErrnoException | null, fd: number) => void): void {
    if (this.fd !== null) return then(null, this.fd);
    open(this.walPath, 'r', (err, fd) => {
      // No log yet: nothing was ever committed through it, so nothing waits to be synced.
      if (err?.code === 'ENOENT') return then(null, -1);
      if (err) return then(err, -1);
      this.fd = fd;
      return then(null, fd);
    });
  }
}
