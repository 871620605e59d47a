import { describe, expect, it } from 'vitest';
import { fitTable, fitWidths } from '../../src/cli/render/fit.js';
import { AGENT_COLUMNS, renderTable } from '../../src/cli/render/org.js';
import { makeStyle } from '../../src/cli/render/style.js';
import { ticketsTable } from '../../src/cli/render/tickets.js';
import { displayWidth, stripAnsi, truncateToWidth, wrapText, wrapWords } from '../../src/cli/render/width.js';
import type { AgentObject } from '../../src/desk/org/view.js';
import type { TicketSummary } from '../../src/desk/tickets/view.js';

const CJK = '日本語のテスト件名がとても長いです。プリンターが動きません';
const EMOJI = '👍🏽 Printer 🖨️ on fire 🔥🔥 again and again and again';
const COMBINING = 'Cafe\u0301 de\u0301ja\u0300 vu: re\u0301sume\u0301 of the na\u0308ive approach';
const WIDTHS = [60, 80, 140];

const widest = (text: string) => Math.max(...text.split('\n').map((l) => displayWidth(l)));

describe('display width', () => {
  it('counts CJK and emoji as two columns, combining marks and color codes as none', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('👍🏽')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
    expect(displayWidth('plain')).toBe(5);
  });

  it('cuts by display width with an ellipsis, whole graphemes only, keeping and closing color', () => {
    expect(truncateToWidth('日本語のテスト', 7)).toBe('日本語…');
    expect(displayWidth(truncateToWidth(CJK, 11))).toBeLessThanOrEqual(11);
    expect(truncateToWidth('👍🏽👍🏽👍🏽', 4)).toBe('👍🏽…');
    expect(truncateToWidth('Cafe\u0301 au lait', 5)).toBe('Cafe\u0301…');
    expect(truncateToWidth('short', 10)).toBe('short');
    const red = truncateToWidth('\u001b[31mtoo long a status\u001b[39m', 6);
    expect(stripAnsi(red)).toBe('too l…');
    expect(red.endsWith('\u001b[0m')).toBe(true);
  });

  it('wraps at words with the indent, breaking only words longer than a line', () => {
    const lines = wrapWords('the quick brown fox jumps over the lazy dog', 16, '    ');
    expect(lines).toEqual(['    the quick', '    brown fox', '    jumps over', '    the lazy dog']);
    const cjk = wrapWords(CJK, 20, '  ');
    expect(cjk.every((l) => l.startsWith('  ') && displayWidth(l) <= 20)).toBe(true);
    expect(cjk.join('').replace(/ /g, '')).toBe(CJK);
    expect(wrapText('a b\n\n  indented line here', 13, '> ')).toBe('> a b\n>\n>   indented\n>   line here');
  });
});

describe('fitted tables', () => {
  it('shrinks the widest column first, never a kept one, and drops the most droppable when needed', () => {
    const cols = [{ head: 'N', keep: true }, { head: 'A' }, { head: 'B', drop: 1 }];
    expect(fitWidths(cols, [7, 30, 10], 60)).toEqual([7, 30, 10]);
    expect(fitWidths(cols, [7, 30, 10], 30)).toEqual([7, 9, 10]);
    expect(fitWidths(cols, [7, 30, 10], 16)).toEqual([7, 7, null]);
  });

  it('every column has a header, and no line is longer than the width', () => {
    const s = makeStyle(true);
    const rows = [['#1', CJK, 'x'], ['#2', EMOJI, 'y']];
    for (const w of WIDTHS) {
      const out = fitTable(s, [{ head: 'Ticket', keep: true }, { head: 'Subject' }, { head: 'Z' }], rows, w);
      expect(widest(out)).toBeLessThanOrEqual(w);
      expect(stripAnsi(out.split('\n')[0]!)).toMatch(/^Ticket\s+Subject\s+Z$/);
    }
  });
});

function ticket(number: string, subject: string, extra: Partial<TicketSummary> = {}): TicketSummary {
  return {
    number, subject, status: 'awaiting-response', status_name: 'Awaiting Response', state: 'open', priority: 'emergency', department: 'Online Banking',
    topic: null, sla: 'Sev-A', assignee: null, team: 'Online Banking Team', user: { name: 'Karen', email: 'karen@example.com' },
    source: 'web', created_at: '2026-03-02T09:00:00.000Z', updated_at: '2026-03-02T09:00:00.000Z',
    due_at: '2026-03-02T10:00:00.000Z', overdue: true, first_response_due_at: null, first_response_at: null,
    resolved_at: null, closed_at: null, reopened_count: 0, ...extra,
  };
}

describe('ticket list and agent list fit 60, 80 and 140 columns', () => {
  const now = new Date('2026-03-02T13:20:00Z');
  const tickets = [
    ticket('100001', CJK), ticket('100002', EMOJI, { assignee: 'jane', overdue: false, due_at: '2026-03-02T14:00:00.000Z' }),
    ticket('100003', COMBINING, { status: 'in-progress', priority: 'normal', department: 'Support' }),
  ];

  it.each(WIDTHS)('ticket list at %i columns, with and without color', (w) => {
    for (const color of [true, false]) {
      const out = ticketsTable(makeStyle(color), tickets, now, w);
      expect(widest(out)).toBeLessThanOrEqual(w);
      const lines = stripAnsi(out).split('\n');
      expect(lines[0]).toMatch(/^Ticket\s+Subject\s+Status/);
      // Every row keeps its number, the start of its subject and its due time.
      expect(lines[1]).toMatch(/^#100001 {2}日本語/);
      expect(lines[1]).toContain('overdue by 3h 20m');
      expect(lines[2]).toMatch(/^#100002 {2}👍🏽 Pr/);
      expect(lines[3]).toMatch(/^#100003 {2}Cafe\u0301/);
    }
  });

  it('shows whole subjects when there is room, and the department only where it fits', () => {
    expect(stripAnsi(ticketsTable(makeStyle(false), tickets, now, 200))).toContain(CJK);
    expect(stripAnsi(ticketsTable(makeStyle(false), tickets, now, 140))).toContain('Online Banking');
    expect(stripAnsi(ticketsTable(makeStyle(false), tickets, now, 60)).split('\n')[0]).not.toContain('Dept');
  });

  it.each(WIDTHS)('agent list at %i columns', (w) => {
    const agent = (username: string, name: string): AgentObject => ({
      username, name, email: `${username}@example.com`, department: 'Online Banking', role: 'Expanded Access', admin: true,
      active: false, access: [{ department: 'SysAdmins', role: 'View Only' }, { department: 'Accounting', role: 'All Access' }],
      teams: ['Online Banking Team', 'Network Team'],
    } as AgentObject);
    const out = renderTable(makeStyle(true), AGENT_COLUMNS, [agent('kenji', '山田 健二 (やまだ けんじ)'), agent('zoe', 'Zoë 👩🏽‍💻 Developer')], w);
    expect(widest(out)).toBeLessThanOrEqual(w);
    const head = stripAnsi(out).split('\n')[0]!;
    expect(head).toMatch(/^Username\s+Name\s+Department\s+Role\s+(Extra access\s+)?(Teams\s+)?Flags$/);
    if (w === 140) expect(head).toContain('Teams');
    if (w === 60) expect(head).not.toContain('Teams');
  });
});
