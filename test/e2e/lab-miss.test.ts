/**
 * Labs explain a miss: a step left unchecked because something close was done instead —
 * a reply where a note was asked, a note where a reply was asked — is explained by `lab check` and
 * `lab hint`. `lab demo` paces itself on a terminal (`--speed`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { KEY, plain, terminal } from '../helpers/pty.js';

let s: Sandbox;
beforeEach(() => {
  s = sandbox();
  expect(s.hd(['lab', 'start', 'banking-outage']).code).toBe(0);
});
afterEach(() => s.cleanup());

const NOTE_ASKED = 'saw a reply to the user where an internal note was asked';
const REPLY_ASKED = 'saw an internal note where a reply to the user was asked';

describe('a miss explained', () => {
  it('a reply where an internal note was asked', () => {
    for (const args of [['ticket', 'sla', '100001', 'Sev-A'], ['ticket', 'edit', '100001', '--topic', 'Business Critical Outage'],
      ['ticket', 'reply', '100001', '--body', 'Raised to Sev-A.']]) expect(s.hd(['--as', 'john', ...args]).code).toBe(0);
    const check = s.hd(['lab', 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(new RegExp(`✗  3\\. Explain the changes in an internal note.*\\n\\s+${NOTE_ASKED}`));
    const json = JSON.parse(s.hd(['lab', 'check', '--json']).stdout);
    expect(json.steps[2]).toMatchObject({ n: 3, done: false, seen: expect.stringContaining(NOTE_ASKED) });
    expect(json.steps[3]).not.toHaveProperty('seen'); // a step simply not done yet says nothing
    const hint = s.hd(['lab', 'hint']);
    expect(hint.stdout).toContain(`Not yet: ${NOTE_ASKED}`);
    expect(hint.stdout.trimEnd().split('\n').at(-1)).toMatch(/^helpdesk (--as john )?ticket note 100001 /);
  });

  it('a note where a reply to the user was asked', () => {
    const hintCommands: string[] = [];
    // Follow the hints up to Jane's reply, then write a note instead.
    for (let i = 0; i < 10; i++) {
      const line = s.hd(['lab', 'hint']).stdout.trimEnd().split('\n').at(-1)!;
      if (line.includes('ticket reply')) break;
      hintCommands.push(line);
      const args = line.replace(/^helpdesk /, '').match(/"(?:[^"\\]|\\.)*"|\S+/g)!.map((w) => w.replace(/^"|"$/g, ''));
      expect(s.hd(args).code, line).toBe(0);
    }
    expect(s.hd(['--as', 'jane', 'ticket', 'note', '100001', '--body', 'We are on it.']).code).toBe(0);
    const check = s.hd(['lab', 'check']);
    expect(check.stdout).toContain(REPLY_ASKED);
    expect(s.hd(['lab', 'hint']).stdout).toContain(`Not yet: ${REPLY_ASKED}`);
    expect(hintCommands.length).toBeGreaterThan(3);
  });
});

describe('lab demo --speed', () => {
  it('is a number of seconds', () => {
    const r = s.hd(['lab', 'demo', 'banking-outage', '--speed', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--speed 'fast' is not a number of seconds/);
  });

  it('pauses between stages on a terminal; piped it runs straight through', async () => {
    const piped = s.hd(['lab', 'demo', 'banking-outage', '--speed', '30']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('Stage 9');
    const t = terminal(['lab', 'demo', 'banking-outage', '--speed', '30'], s.env);
    await t.waitFor('Stage 1 ·');
    await t.waitFor('→');
    await new Promise((done) => setTimeout(done, 1500));
    expect(plain(t.output)).not.toContain('Stage 2 ·'); // still reading stage 1
    t.type(KEY.ctrlC);
    await t.exited;
    const quick = terminal(['lab', 'demo', 'banking-outage', '--speed', '0'], s.env);
    expect(await quick.exited).toBe(0);
    expect(plain(quick.output)).toContain('Stage 9');
  });
});
