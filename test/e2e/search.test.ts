/**
 * `ticket search` and `ticket list --search` as people and scripts use them, and the similar-ticket
 * suggestion on a terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';
import { plain, terminal } from '../helpers/pty.js';

let s: Sandbox;
const NOW = { env: { HELPDESK_NOW: '2026-03-02T09:00:00Z' } };
const ok = (args: string[]) => {
  const r = s.hd(args, NOW);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

beforeAll(() => {
  s = sandbox();
  ok(['init', '--sample', 'lab']);
  for (let i = 0; i < 6; i++) ok(['--as', 'john', 'ticket', 'create', '--user', 'ken@example.com', '--subject', `Password reset ${i}`, '--body', 'locked out']);
  ok(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'Printer jam on 3rd floor', '--body', 'Paper stuck in tray 2.']); // 100007
  ok(['--as', 'john', 'ticket', 'note', '100007', '--body', 'Fuser is worn out.']);
  ok(['--as', 'john', 'ticket', 'status', '100007', 'resolved', '--note', 'Replaced the fuser']);
  ok(['--as', 'admin', 'ticket', 'create', '--user', 'alex@example.com', '--subject', 'Branch printer offline', '--body', 'printer', '--dept', 'Online Banking']); // 100008
});
afterAll(() => s.cleanup());

describe('ticket search', () => {
  it('piped: one tab-separated row per hit, best first', () => {
    // "printer" is in both subjects, and in 100008's message as well.
    const out = ok(['--as', 'admin', 'ticket', 'search', 'printer']).split('\n');
    expect(out.map((l) => l.split('\t').slice(0, 3))).toEqual([
      ['100008', 'open', 'Online Banking'], ['100007', 'resolved', 'Support'],
    ]);
    expect(out[0]!.split('\t').slice(4)).toEqual(['Branch printer offline', 'message:alex@example.com', 'printer']);
  });

  it('--json: ticket summaries with score, subject highlights and a snippet', () => {
    const hits = s.json(['--as', 'john', 'ticket', 'search', 'fuser'], NOW);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      number: '100007', subject: 'Printer jam on 3rd floor', status: 'resolved', subject_highlights: [],
      snippet: { kind: 'note', author: 'john', text: 'Replaced the fuser', highlights: [[13, 18]] },
    });
    expect(typeof hits[0].score).toBe('number');
    expect(hits[0]).not.toHaveProperty('thread');
  });

  it("an end user never finds a ticket by an internal note's words", () => {
    expect(s.json(['--as', 'karen@example.com', 'ticket', 'search', 'fuser'], NOW)).toEqual([]);
    expect(s.json(['--as', 'karen@example.com', 'ticket', 'search', 'paper'], NOW).map((h: { number: string }) => h.number)).toEqual(['100007']);
    expect(s.hd(['--as', 'karen@example.com', 'ticket', 'list', '--queue', 'all', '--search', 'fuser'], NOW).stdout).toBe('');
  });

  it("an agent never finds a ticket in a department they cannot see", () => {
    expect(s.json(['--as', 'john', 'ticket', 'search', 'printer'], NOW).map((h: { number: string }) => h.number)).toEqual(['100007']);
    expect(s.json(['--as', 'jane', 'ticket', 'search', 'printer'], NOW).map((h: { number: string }) => h.number)).toEqual(['100008']);
  });

  it('a malformed query is exit 2 with the query explained, and changes nothing', () => {
    const before = dbDigest(s.db);
    const r = s.hd(['--as', 'john', 'ticket', 'search', '"paper jam'], NOW);
    expect(r).toEqual({
      code: 2, stdout: '',
      stderr: `helpdesk: cannot understand the search '"paper jam': the quote at position 1 is never closed\n` +
        'hint: search syntax: words (all must match), "exact phrase", prefix*, a OR b, a NOT b (or -b), (grouping)\n',
    });
    expect(s.hd(['--as', 'john', 'ticket', 'list', '--search', 'printer AND'], NOW)).toMatchObject({
      code: 2, stderr: expect.stringMatching(/^helpdesk: cannot understand the search 'printer AND': AND at position 9 has nothing on its right\n/),
    });
    expect(dbDigest(s.db)).toBe(before);
  });

  it('phrase and prefix queries', () => {
    expect(ok(['--as', 'admin', 'ticket', 'search', '"paper stuck"']).split('\t')[0]).toBe('100007');
    expect(ok(['--as', 'admin', 'ticket', 'search', 'print* -branch']).split('\n').map((l) => l.split('\t')[0])).toEqual(['100007']);
    expect(ok(['--as', 'admin', 'ticket', 'search', '"stuck paper"'])).toBe('');
  });
});

describe('on a terminal', () => {
  it('a new ticket suggests similar resolved ones', async () => {
    const env = { ...s.env, HELPDESK_NOW: '2026-03-02T10:00:00Z' };
    const t = terminal(['--as', 'john', 'ticket', 'create', '--user', 'cliff@example.com', '--subject', 'Printer jams on the 3rd floor again', '--body', 'jammed'], env);
    expect(await t.exited).toBe(0);
    const screen = plain(t.output);
    expect(screen).toContain('Similar: #100007 Printer jam on 3rd floor — resolved by john');
    expect(screen).not.toContain('#100008'); // another department's ticket is not john's to see
  });

  it('search results show the matched words in context', async () => {
    const t = terminal(['--as', 'john', 'ticket', 'search', 'fuser'], { ...s.env, HELPDESK_NOW: '2026-03-02T10:00:00Z' });
    expect(await t.exited).toBe(0);
    const lines = plain(t.output).split(/\r?\n/);
    expect(lines[0]).toMatch(/^#100007 {2}Printer jam on 3rd floor {2}Resolved · Support · unassigned/);
    expect(lines[1]).toBe('    internal note · john · 2026-03-02 09:00');
    expect(lines[2]).toBe('    Replaced the fuser');
  });
});
