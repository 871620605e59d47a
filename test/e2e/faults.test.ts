/**
 * Faults of the machine read as faults: a folder where the file should be, a path through a file,
 * permission denied, a read-only file or folder, a full disk, an absurd HELPDESK_BUSY_TIMEOUT_MS —
 * one line naming the path and the fault, exit 1, nothing changed, no temp file left, never "bug".
 * The disk-full and read-only-folder cases need a small tmpfs: skipped, with the reason, where the
 * test cannot mount one.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, dbDigest, sandbox, type Result, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
  expect(s.hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'one', '--body', 'b']).code).toBe(0);
});
afterAll(() => s.cleanup());

function fault(r: Result, message: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2);
  expect(r.stderr).toMatch(/\nhint: /);
  expect(r.stderr).not.toMatch(/this is a bug|unexpected error/);
}

/**
 * As root the permission tests run helpdesk as nobody, who must be able to reach the built binary:
 * a checkout inside a private folder (mktemp -d is 0700) is out of its reach, and then those tests
 * are skipped with that reason rather than failing on a MODULE_NOT_FOUND that says nothing of helpdesk.
 */
function nobodyCannotRun(): string | null {
  if (!isRoot) return null;
  const r = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)}, require('fs').constants.R_OK)`], { uid: NOBODY, gid: NOBODY });
  return r.status === 0 ? null : `the unprivileged user (uid ${NOBODY}) cannot read ${BIN}: check out the repository where others can read it`;
}

/** Runs helpdesk as another (unprivileged) user: root ignores file permissions. */
function hdAs(uid: number, args: string[]): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    uid, gid: uid, encoding: 'utf8',
    env: { ...s.env, HOME: s.dir, XDG_STATE_HOME: join(s.dir, `state-${uid}`), XDG_CACHE_HOME: join(s.dir, `cache-${uid}`) },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('paths that are not files', () => {
  it('a folder given as the database (EISDIR)', () => {
    const dir = join(s.dir, 'a-folder');
    mkdirSync(dir);
    fault(s.hd(['--db', dir, 'ticket', 'list']), new RegExp(`^helpdesk: ${dir} is a folder, not a database file\\n`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a path through a file (ENOTDIR)', () => {
    const file = join(s.dir, 'plain.txt');
    writeFileSync(file, 'x');
    fault(s.hd(['--db', join(file, 'h.db'), 'ticket', 'list']), /: a part of the path is a file, not a folder\n/);
    fault(s.hd(['--as', 'admin', 'export', '--out', join(file, 'out.json')]), /plain\.txt/);
  });

  it('a folder given as --body-file or --out', () => {
    const r = s.hd(['--as', 'john', 'ticket', 'note', '100001', '--body-file', s.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read --body-file .* \(EISDIR\)/);
    const out = s.hd(['--as', 'admin', 'export', '--out', s.dir]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`--out ${s.dir} is a directory`);
  });
});

describe('permissions', () => {
  it('permission denied on the folder (EACCES)', (ctx) => {
    const cannot = nobodyCannotRun();
    if (cannot) return ctx.skip(cannot);
    chmodSync(s.dir, 0o755); // the other user reaches the sandbox, not the folder inside it
    const dir = join(s.dir, 'private');
    mkdirSync(dir);
    copyFileSync(s.db, join(dir, 'h.db'));
    chmodSync(dir, 0o700);
    const r = isRoot ? hdAs(NOBODY, ['--db', join(dir, 'h.db'), '--as', 'admin', 'ticket', 'list']) : (chmodSync(dir, 0), s.hd(['--db', join(dir, 'h.db'), 'ticket', 'list']));
    fault(r, new RegExp(`${dir}.*: permission denied\\n`));
    chmodSync(dir, 0o700);
  });

  it('a read-only database file: nothing written, the file named', (ctx) => {
    const cannot = nobodyCannotRun();
    if (cannot) return ctx.skip(cannot);
    chmodSync(s.dir, 0o755); // the other user must reach the folder
    const dir = join(s.dir, 'ro-file');
    mkdirSync(dir, { mode: 0o755 });
    const db = join(dir, 'h.db');
    copyFileSync(s.db, db);
    chmodSync(db, 0o444);
    if (isRoot) {
      chownSync(dir, NOBODY, NOBODY);
      chownSync(db, NOBODY, NOBODY);
    }
    const before = sha(db);
    const run = (args: string[]) => (isRoot ? hdAs(NOBODY, args) : s.hd(args));
    fault(run(['--db', db, '--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 's', '--body', 'b']),
      new RegExp(`(cannot write|cannot open) the database ${db}: (the file|it) is read-only`));
    expect(sha(db)).toBe(before);
  });
});

describe('a small tmpfs', () => {
  const mnt = () => join(s.dir, 'mnt');
  let mounted = false;
  beforeAll(() => {
    mkdirSync(mnt());
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m,mode=0700', 'tmpfs', mnt()]).status === 0;
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', ['-l', mnt()]);
  });
  const skipUnlessMounted = (ctx: { skip: (note?: string) => void }) => {
    if (!mounted) ctx.skip('cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)');
  };

  it('a full disk (ENOSPC): exit 1 naming it, the database as it was, no temp file left', (ctx) => {
    skipUnlessMounted(ctx);
    const db = join(mnt(), 'h.db');
    const hd = (args: string[], input?: string) => s.hd(['--db', db, ...args], { input });
    expect(hd(['init', '--sample', 'lab']).code).toBe(0);
    const body = 'x'.repeat(200 * 1024);
    let last: Result | null = null;
    let before = '';
    for (let i = 0; i < 40; i++) {
      before = dbDigest(db);
      last = hd(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', `fill ${i}`, '--body-file', '-'], body);
      if (last.code !== 0) break;
    }
    fault(last!, new RegExp(`^helpdesk: the disk holding ${db} is full; nothing was saved\\n`));
    expect(dbDigest(db)).toBe(before);
    // An export onto the full disk fails the same way and leaves no partial file.
    fault(hd(['--as', 'admin', 'export', '--out', join(mnt(), 'out.json')]), /(is full|the disk is full)/);
    expect(readdirSync(mnt()).filter((n) => !/^h\.db(-wal|-shm)?$/.test(n))).toEqual([]);
  });

  it('a read-only folder (EROFS): exit 1 naming the path, nothing changed', (ctx) => {
    skipUnlessMounted(ctx);
    const db = join(mnt(), 'h.db');
    expect(spawnSync('mount', ['-o', 'remount,ro', mnt()]).status).toBe(0);
    try {
      const before = dbDigest(db);
      const create = ['--db', db, '--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 's', '--body', 'b'];
      fault(s.hd(create), new RegExp(`the database ${db}: (the file|its folder) is on a read-only file system`));
      fault(s.hd(['--db', join(mnt(), 'new.db'), 'ticket', 'list']), /new\.db: the file system is read-only/);
      fault(s.hd(['--as', 'admin', 'backup', join(mnt(), 'b.db')]), /the file system is read-only/);
      expect(dbDigest(db)).toBe(before);
    } finally {
      spawnSync('mount', ['-o', 'remount,rw', mnt()]);
    }
  });
});

describe('HELPDESK_BUSY_TIMEOUT_MS', () => {
  it.each(['abc', '-5', '1e100', '99999999999999', '2.5'])('%s is one line, exit 1', (value) => {
    fault(s.hd(['--as', 'admin', 'ticket', 'list'], { env: { HELPDESK_BUSY_TIMEOUT_MS: value } }),
      /^helpdesk: HELPDESK_BUSY_TIMEOUT_MS='.*' is not a wait in milliseconds \(0 to 2147483647\)\n/);
  });
});
