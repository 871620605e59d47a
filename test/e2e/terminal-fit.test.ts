/**
 * Every screen fits the terminal, in a real terminal at 60, 80 and 140 columns, with CJK,
 * emoji and combining characters in what people wrote: ticket list, sla status, report --by, agent
 * list, lab list and ticket show (wrapped at words, times labelled with the zone, relative times).
 * Long output goes through $PAGER unless --no-pager.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/cli/render/width.js';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { plain, terminal } from '../helpers/pty.js';

let s: Sandbox;
const NOW = '2026-03-02T12:00:00Z';
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const SUBJECTS = [
  '日本語のテスト件名がとても長いです。プリンターが動きません',
  '👍🏽 Printer 🖨️ on fire 🔥🔥 again and again and again and again',
  'Cafe\u0301 de\u0301ja\u0300 vu: re\u0301sume\u0301 of the na\u0308ive approach to printing',
];
const LONG_BODY = 'The printer on the third floor jams whenever anyone prints more than ten pages, ' +
  'and the display shows 紙詰まり (paper jam) 🧻 before it stops answering altogether. '.repeat(3);

beforeAll(() => {
  s = sandbox();
  expect(s.hd(['init', '--sample', 'lab']).code).toBe(0);
  expect(s.hd(['--as', 'admin', 'agent', 'add', 'kenji', '--name', '山田 健二 (やまだ けんじ)', '--dept', 'Online Banking']).code).toBe(0);
  SUBJECTS.forEach((subject, i) => {
    const r = s.hd(['--as', 'karen@example.com', 'ticket', 'create', '--subject', subject, '--body', LONG_BODY], at(`2026-03-02T${String(8 + i).padStart(2, '0')}:00:00Z`));
    expect(r.code, r.stderr).toBe(0);
  });
  expect(s.hd(['--as', 'admin', 'ticket', 'assign', '100002', '--team', 'Online Banking Team'], at('2026-03-02T10:30:00Z')).code).toBe(0);
  expect(s.hd(['--as', 'admin', 'ticket', 'sla', '100001', 'Sev-A'], at('2026-03-02T10:40:00Z')).code).toBe(0);
  expect(s.hd(['--as', 'john', 'ticket', 'reply', '100003', '--body', LONG_BODY], at('2026-03-02T11:00:00Z')).code).toBe(0);
  expect(s.hd(['--as', 'john', 'ticket', 'status', '100003', 'resolved'], at('2026-03-02T11:10:00Z')).code).toBe(0);
});
afterAll(() => s.cleanup());

async function screen(args: string[], cols: number, env: Record<string, string> = {}): Promise<string[]> {
  const t = terminal(args, { ...s.env, HELPDESK_NOW: NOW, PAGER: 'cat', ...env }, { cols, rows: 200 });
  expect(await t.exited, plain(t.output)).toBe(0);
  return plain(t.output).split(/\r?\n/).filter((l) => l !== '');
}

const SCREENS: Array<[string, string[], RegExp]> = [
  ['ticket list', ['--as', 'admin', 'ticket', 'list'], /^Ticket\s+Subject\s+Status/],
  ['sla status', ['--as', 'admin', 'sla', 'status'], /^Ticket\s+Clock\s+Due/],
  ['report --by agent', ['--as', 'admin', 'report', '--since', '30d', '--by', 'agent'], /^Agent\s+Created/],
  ['report --by dept', ['--as', 'admin', 'report', '--since', '30d', '--by', 'dept'], /^Department\s+Created/],
  ['agent list', ['--as', 'admin', 'agent', 'list'], /^Username\s+Name\s+Department/],
  ['lab list', ['lab', 'list'], /^Scenario\s+Title\s+Steps/],
  ['ticket show', ['--as', 'admin', 'ticket', 'show', '100001'], /^#100001 {2}日本語/],
];

describe.each([60, 80, 140])('at %i columns', (cols) => {
  it.each(SCREENS)('%s: no line is longer than the terminal, and it has its header', async (_name, args, header) => {
    const lines = await screen(args, cols);
    const tooLong = lines.filter((l) => displayWidth(l) > cols);
    expect(tooLong).toEqual([]);
    expect(lines.some((l) => header.test(l))).toBe(true);
  });
});

describe('ticket show', () => {
  it('wraps thread bodies at words, keeping their indent', async () => {
    const lines = await screen(['--as', 'admin', 'ticket', 'show', '100003'], 60);
    const head = lines.findIndex((l) => l.includes('REPLY · John'));
    const end = lines.findIndex((l, i) => i > head && !l.startsWith('    '));
    const body = lines.slice(head + 1, end);
    expect(body.every((l) => l.startsWith('    ') && displayWidth(l) <= 60)).toBe(true);
    expect(body.length).toBeGreaterThan(5); // ~330 columns of text in 56
    // Whole words only: every wrapped line ends at the end of a word of the body.
    const words = new Set(LONG_BODY.split(/\s+/));
    // (CJK may break between any two characters.)
    for (const l of body) {
      const last = l.trim().split(' ').pop()!;
      if (!/[\u3000-\u9fff]/.test(last)) expect(words.has(last), l).toBe(true);
    }
  });

  it('labels times with the desk zone and says how long ago', async () => {
    const lines = await screen(['--as', 'admin', 'ticket', 'show', '100001'], 140);
    expect(lines).toContainEqual(expect.stringMatching(/^Created\s+2026-03-02 08:00 UTC\s+opened 4h ago · updated 1h 20m ago$/));
    expect(lines).toContainEqual(expect.stringMatching(/MESSAGE · Karen Jones <karen@example.com> · 2026-03-02 08:00 UTC$/));
    // Another zone: its own name, daylight saving included.
    expect(s.hd(['--as', 'admin', 'config', 'set', 'timezone', 'America/New_York']).code).toBe(0);
    try {
      const ny = await screen(['--as', 'admin', 'ticket', 'show', '100001'], 140);
      expect(ny).toContainEqual(expect.stringMatching(/^Created\s+2026-03-02 03:00 EST/));
    } finally {
      expect(s.hd(['--as', 'admin', 'config', 'set', 'timezone', 'UTC']).code).toBe(0);
    }
  });

  it("an end user's view has no SLA lines, no clock and no internal events", async () => {
    const agent = (await screen(['--as', 'admin', 'ticket', 'show', '100002'], 140)).join('\n');
    expect(agent).toMatch(/^SLA\s+Default SLA/m);
    expect(agent).toContain('assigned team Online Banking Team');
    const user = (await screen(['--as', 'karen@example.com', 'ticket', 'show', '100002'], 140)).join('\n');
    expect(user).not.toMatch(/^SLA/m);
    expect(user).not.toContain('SLA clock');
    expect(user).not.toContain('assigned team');
    expect(user).toContain('created the ticket');
  });
});

describe('the pager', () => {
  it('long output on a terminal goes through $PAGER; short output and --no-pager do not', async () => {
    const env = { ...s.env, HELPDESK_NOW: NOW, PAGER: "sed 's/^/PAGED|/'" };
    const paged = terminal(['--as', 'admin', 'ticket', 'show', '100003'], env, { cols: 80, rows: 10 });
    expect(await paged.exited).toBe(0);
    expect(plain(paged.output)).toMatch(/^PAGED\|#100003/m);
    const direct = terminal(['--as', 'admin', '--no-pager', 'ticket', 'show', '100003'], env, { cols: 80, rows: 10 });
    expect(await direct.exited).toBe(0);
    expect(plain(direct.output)).not.toContain('PAGED|');
    const fits = terminal(['--as', 'admin', 'ticket', 'list'], env, { cols: 140, rows: 40 });
    expect(await fits.exited).toBe(0);
    expect(plain(fits.output)).not.toContain('PAGED|');
  });

  it('defaults to less -FRX, and piped output never pages', async () => {
    const env: Record<string, string> = { ...s.env, HELPDESK_NOW: NOW };
    delete env.PAGER;
    // -F: less quits by itself when the text fits its screen; -X leaves the text on the terminal.
    const t = terminal(['--as', 'admin', 'ticket', 'show', '100003'], env, { cols: 140, rows: 12 });
    await t.waitFor('#100003');
    // Longer than the screen: less waits for the reader, who quits it.
    await new Promise((done) => setTimeout(done, 300));
    t.type('q');
    expect(await t.exited).toBe(0);
    const piped = s.hd(['--as', 'admin', 'ticket', 'show', '100003'], { env: { PAGER: "sed 's/^/PAGED|/'" } });
    expect(piped.stdout).not.toContain('PAGED|');
  });
});
