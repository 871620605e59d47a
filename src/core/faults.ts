/**
 * Faults of the machine (a full disk, a read-only folder, a permission, a folder where a file should
 * be) are the user's to fix, not bugs: one line naming the path and the fault, exit 1, and what to do.
 * Pure: the caller hands over the error's code and path.
 */
import { HelpdeskError } from './errors.js';
import { ownValue } from './own.js';

const FAULTS: Record<string, [fault: string, hint: string]> = {
  EACCES: ['permission denied', 'check the permissions of the file and its folder, or pass another path'],
  EPERM: ['operation not permitted', 'check the permissions of the file and its folder, or pass another path'],
  EROFS: ['the file system is read-only', 'pass a path on a writable disk'],
  ENOSPC: ['the disk is full', 'free some space, then run the command again; nothing was saved'],
  EDQUOT: ['the disk quota is used up', 'free some space, then run the command again; nothing was saved'],
  EISDIR: ['is a folder, not a file', 'pass the path of a file'],
  ENOTDIR: ['a part of the path is a file, not a folder', 'check the path'],
  EEXIST: ['already exists', 'pass another path'],
  ENAMETOOLONG: ['the path is too long', 'pass a shorter path'],
  ELOOP: ['the path loops through symbolic links', 'check the path'],
  EMFILE: ['too many files are open', 'close other programs, then run the command again'],
  ENFILE: ['too many files are open', 'close other programs, then run the command again'],
  EIO: ['input/output error on the disk', 'check the disk; restore a backup if the file is damaged'],
  ENXIO: ['no such device', 'check the path'],
};

/** The fault an fs error code stands for, or null for anything else (which is then a bug). */
export function machineFault(code: string | undefined, path: string | undefined, syscall?: string): HelpdeskError | null {
  const known = code ? ownValue(FAULTS, code) : undefined;
  if (!known) return null;
  const [fault, hint] = known;
  // mkdir over an existing file: the file is in the way of a folder.
  const what = code === 'EEXIST' && syscall === 'mkdir' ? 'is a file, not a folder' : fault;
  return new HelpdeskError(path ? `${path}: ${what}` : what, 1, hint);
}
