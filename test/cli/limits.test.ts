/**
 * Size limits that hold before memory does, and numbering that never bricks: a body over
 * ticket.max_body is refused without reading past it (RSS stays bounded on /dev/zero), mail ingest
 * stops at mail.max_message, import bounds each record and refuses numbers over 10 digits.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
let hook: string;
const NOW = { HELPDESK_NOW: '2026-03-02T09:00:00Z' };
beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'], { env: NOW })).code).toBe(0);
  expect((await s.run(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'first', '--body', 'b'], { env: NOW })).code).toBe(0);
  // Reports the child's peak resident memory (KiB) when it exits.
  hook = join(s.dir, 'rss-hook.cjs');
  writeFileSync(hook, "process.on('exit', () => require('fs').writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS)));\n");
});
afterAll(async () => s.cleanup());

/** Refused, nothing changed; `spawned` runs the binary (to measure its memory), else in this process. */
async function refused(args: string[], code: number, message: RegExp, opts: { input?: string; env?: Record<string, string>; spawned?: boolean } = {}) {
  const before = dbDigest(s.db);
  const how = { ...opts, env: { ...NOW, ...opts.env } };
  const r = opts.spawned ? s.hd(args, how) : await s.run(args, how);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/this is a bug|at .*\.js:\d+/);
  expect(dbDigest(s.db)).toBe(before);
  return r;
}

const create = ['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', 'big'];

describe('bodies over ticket.max_body', () => {
  it.each(['/dev/zero', '/dev/urandom'])('--body-file %s is exit 2 with a bounded memory', async (device) => {
    const out = join(s.dir, 'rss.txt');
    await refused([...create, '--body-file', device], 2, /the body is larger than ticket\.max_body \(1 MiB\)\nhint: .*config set ticket\.max_body/,
      { env: { NODE_OPTIONS: `--require ${hook}`, RSS_OUT: out }, spawned: true });
    // Node itself takes ~50 MB; reading the device to its end would need gigabytes (or never end).
    expect(Number(readFileSync(out, 'utf8')) / 1024).toBeLessThan(200);
  });

  it('a 300 MB file is refused before the write lock is taken', async () => {
    const file = join(s.dir, 'huge.txt');
    writeFileSync(file, '');
    truncateSync(file, 300 * 1024 * 1024); // sparse: costs no disk
    await refused([...create, '--body-file', file], 2, /larger than ticket\.max_body/);
  });

  it('from stdin, just over the limit; exactly at it is accepted', async () => {
    const limit = 1024 * 1024;
    await refused([...create, '--body-file', '-'], 2, /larger than ticket\.max_body/, { input: 'y'.repeat(limit + 1) });
    expect((await s.run([...create, '--body-file', '-'], { input: 'y'.repeat(limit), env: NOW })).code).toBe(0);
  });

  it('an admin may lower it; --body, replies and notes are held to it too', async () => {
    expect((await s.run(['--as', 'admin', 'config', 'set', 'ticket.max_body', '2K'])).code).toBe(0);
    try {
      const text = 'z'.repeat(2049);
      await refused([...create, '--body', text], 2, /larger than ticket\.max_body \(2 KiB\)/);
      await refused(['--as', 'john', 'ticket', 'reply', '100001', '--body', text], 2, /larger than ticket\.max_body/);
      await refused(['--as', 'john', 'ticket', 'note', '100001', '--body-file', '-'], 2, /larger than ticket\.max_body/, { input: text });
      await refused(['--as', 'john', 'ticket', 'status', '100001', 'in-progress', '--note', text], 2, /larger than ticket\.max_body/);
      expect((await s.run(['--as', 'john', 'ticket', 'note', '100001', '--body', 'z'.repeat(2048)], { env: NOW })).code).toBe(0);
    } finally {
      expect((await s.run(['--as', 'admin', 'config', 'unset', 'ticket.max_body'])).code).toBe(0);
    }
  });
});

describe('mail ingest stops reading at mail.max_message', () => {
  const mail = (body: string) => ['From: Ann <ann@example.com>', 'To: help@example.com', 'Subject: big', 'Message-ID: <big@x>', '', body].join('\r\n');

  it('a message over the cap is 65 and nothing is stored', async () => {
    expect((await s.run(['--as', 'admin', 'config', 'set', 'mail.max_message', '64K'])).code).toBe(0);
    try {
      await refused(['mail', 'ingest', '-'], 65, /larger than mail\.max_message \(64 KiB\); stopped reading/, { input: mail('a'.repeat(70 * 1024)) });
      await refused(['mail', 'ingest', '/dev/zero'], 65, /larger than mail\.max_message/);
      const r = await s.run(['mail', 'ingest', '-'], { input: mail('small'), env: NOW });
      expect(r.code, r.stderr).toBe(0);
    } finally {
      expect((await s.run(['--as', 'admin', 'config', 'unset', 'mail.max_message'])).code).toBe(0);
    }
  });
});

describe('import', () => {
  let doc: any;
  beforeAll(async () => {
    const file = join(s.dir, 'export.json');
    expect((await s.run(['--as', 'admin', 'export', '--out', file])).code).toBe(0);
    doc = JSON.parse(readFileSync(file, 'utf8'));
  });
  const importing = (mutate: (t: any) => void) => {
    const copy = structuredClone(doc);
    copy.tickets = [copy.tickets[0]];
    for (const key of ['attachments', 'mail_outbox', 'mail_inbound']) copy[key] = [];
    mutate(copy.tickets[0]);
    const file = join(s.dir, `import-${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(copy));
    return file;
  };

  it('a number at 2^53 (or any above 10 digits) is exit 2', async () => {
    for (const number of ['9007199254740992', '10000000000']) {
      await refused(['--as', 'admin', 'import', importing((t) => (t.number = number))], 2, /'number': .*has more than 10 digits/);
    }
  });

  it('the largest number is taken and numbering after it stays exact', async () => {
    const r = await s.run(['--as', 'admin', 'import', importing((t) => (t.number = '9999999999'))], { env: NOW });
    expect(r.code, r.stderr).toBe(0);
    const next = await s.run([...create, '--body', 'after'], { env: NOW });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toBe('10000000000\n');
    expect((await s.runJson(['--as', 'admin', 'ticket', 'show', '10000000000'])).subject).toBe('big');
  });

  it('a record whose body is over ticket.max_body is exit 2', async () => {
    const file = importing((t) => {
      t.number = '200001';
      t.thread[0].body = 'q'.repeat(1024 * 1024 + 1);
    });
    await refused(['--as', 'admin', 'import', file], 2, /bad record tickets\[0\].*thread\[0\]\.body is larger than ticket\.max_body/);
  });

  it('an osTicket payload read from /dev/zero stops at the record bound', async () => {
    await refused(['--as', 'admin', 'import', '/dev/zero'], 2, /too large for an osTicket payload/);
  });
});
