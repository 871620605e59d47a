/**
 * Destructive commands keep what they replace (CONTRACT.md): before `init --force`, `lab start` over
 * a real desk, or `restore --force` overwrites a database, the old file is kept beside it as
 * `<file>.replaced-<UTC timestamp>`, and the command names it. Nothing is thrown away unseen.
 */
import { chmodSync, constants, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';

/** `20260302T090000Z`: sorts by time, has no characters a shell or a file system minds. */
function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** A name beside `path` that is free: `<path>.replaced-<stamp>`, then `-2`, `-3` … within one second. */
function keptName(path: string, now: Date): string {
  const base = `${path}.replaced-${stamp(now)}`;
  let name = base;
  for (let n = 2; existsSync(name) || existsSync(`${name}-wal`); n++) name = `${base}-${n}`;
  return name;
}

/**
 * Moves the database at `path` (and its write-ahead log, which holds committed changes not yet in
 * the file) aside; returns the kept name, or null when there was nothing to keep. The new database
 * is then created fresh at `path`.
 */
export function moveAside(path: string, now: Date): string | null {
  if (!existsSync(path) || statSync(path).size === 0) return null;
  const kept = keptName(path, now);
  renameSync(path, kept);
  if (existsSync(`${path}-wal`)) renameSync(`${path}-wal`, `${kept}-wal`);
  rmSync(`${path}-shm`, { force: true });
  chmodSync(kept, 0o600);
  return kept;
}

/**
 * Copies the database at `path` aside, leaving it in place (restore writes into the live file so a
 * process that has it open sees the old or the new database, never a missing one).
 */
export function copyAside(path: string, now: Date): string | null {
  if (!existsSync(path) || statSync(path).size === 0) return null;
  const kept = keptName(path, now);
  copyFileSync(path, kept, constants.COPYFILE_EXCL);
  chmodSync(kept, 0o600);
  if (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0) {
    copyFileSync(`${path}-wal`, `${kept}-wal`, constants.COPYFILE_EXCL);
    chmodSync(`${kept}-wal`, 0o600);
  }
  return kept;
}
