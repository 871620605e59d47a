/**
 * The interactive desk offers only what you may do, in a real terminal: as an agent and
 * as an end user; pickers for assign, SLA plan and status; Esc goes back one level; an error stays
 * until dismissed; the queue says when more rows exist; a resize redraws it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/cli/render/width.js';
import { labSandbox, type Sandbox } from '../helpers/cli.js';
import { KEY, plain, terminal, type Terminal } from '../helpers/pty.js';

const ESC = '\u001b';
let s: Sandbox;
let env: Record<string, string>;

beforeAll(() => ({ s, env } = labSandbox('banking-outage', '2026-11-23T16:00:00Z')));
afterAll(() => s.cleanup());

/** The text written since the last time `marker` appeared. */
const since = (t: Terminal, marker: string) => plain(t.output).slice(plain(t.output).lastIndexOf(marker));
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Presses Esc as a person does: a lone ESC byte, then nothing for a moment (readline waits 500 ms
 * for the rest of an escape sequence before it takes a lone ESC as the Esc key).
 */
async function pressEsc(t: Terminal): Promise<void> {
  t.type(ESC);
  await pause(700);
}

/** The exit code, or a failure that shows the screen when the desk does not end. */
function exitOf(t: Terminal): Promise<number> {
  return Promise.race([t.exited, pause(10_000).then(() => { throw new Error(`the desk did not exit; screen:\n${plain(t.output).split("\n").filter((l) => /[✔?✓]|helpdesk:|Press/.test(l)).join("\n")}`); })]);
}

async function openTicketMenu(t: Terminal, who: string, inQueue = true): Promise<void> {
  await t.waitFor(who);
  await t.waitFor('What next?');
  t.type(KEY.enter); // Work a ticket
  await t.waitFor('Which ticket?');
  t.type(KEY.enter); // #100001, or (not in the open queue) "Another ticket"
  if (!inQueue) {
    await t.waitFor('Ticket number:');
    t.type('100001' + KEY.enter);
  }
  await t.waitFor('#100001: what now?');
}

describe('as an agent', () => {
  it('offers SLA plan, priority and topic changes, and picks the plan from a list; Esc goes back one level', async () => {
    const t = terminal(['--as', 'john'], env);
    await openTicketMenu(t, 'John (agent, Support)');
    const menu = since(t, '#100001: what now?');
    for (const item of ['Assign to an agent…', 'Assign to a team…', 'Transfer to a department…', 'Change the SLA plan…', 'Change the priority…', 'Change the help topic…']) {
      expect(menu).toContain(item);
    }
    // Reply, note, status, me, agent, team, transfer, SLA plan
    t.type(KEY.down.repeat(7) + KEY.enter);
    await t.waitFor('Sev-A — 1 h', 5000);
    // Esc at the picker: back to the ticket's menu, nothing changed.
    let back = t.waitForNext('#100001: what now?', 5000);
    await pressEsc(t);
    await back;
    expect(s.json(['--as', 'admin', 'ticket', 'show', '100001']).sla).toBe('Default SLA');
    t.type(KEY.down.repeat(7) + KEY.enter);
    await t.waitForNext('Sev-A — 1 h');
    back = t.waitForNext('#100001: what now?');
    t.type(KEY.enter); // Sev-A, the first plan
    await t.waitFor('✓ done');
    await back;
    expect(s.json(['--as', 'admin', 'ticket', 'show', '100001']).sla).toBe('Sev-A');
    // Assign to an agent: picked from the agents, never typed.
    t.type(KEY.down.repeat(4) + KEY.enter);
    await t.waitFor('Assign to');
    await t.waitFor('Jane (jane)');
    const picker = since(t, 'Assign to');
    expect(picker).toContain('Admin (admin)');
    // Esc at the ticket's menu: back to the queue; Esc at the queue's menu keeps the desk open.
    back = t.waitForNext('What next?');
    const menuAgain = t.waitForNext('#100001: what now?');
    await pressEsc(t); // leaves the picker
    await menuAgain;
    await pressEsc(t);
    await back;
    t.type(KEY.up + KEY.enter); // Quit
    expect(await exitOf(t)).toBe(0);
  });

  it('an error stays on screen until dismissed', async () => {
    const t = terminal(['--as', 'john'], env);
    await openTicketMenu(t, 'John (agent, Support)');
    // Meanwhile someone closes the ticket: John's reply is refused.
    expect(s.hd(['--as', 'admin', 'ticket', 'status', '100001', 'resolved']).code).toBe(0);
    expect(s.hd(['--as', 'admin', 'ticket', 'status', '100001', 'closed']).code).toBe(0);
    t.type(KEY.enter); // Reply
    await t.waitFor('Reply:');
    t.type('We are on it.' + KEY.enter);
    await t.waitFor('Press Enter to go on');
    await pause(500);
    const after = since(t, 'Press Enter to go on');
    expect(after).not.toContain('what now?'); // not scrolled away by the next screen
    expect(plain(t.output)).toMatch(/helpdesk: .*closed/);
    const menu = t.waitForNext('#100001: what now?');
    t.type(KEY.enter);
    await menu;
    t.type(KEY.ctrlC);
    expect(await exitOf(t)).toBe(130);
    expect(s.hd(['--as', 'admin', 'ticket', 'reopen', '100001']).code).toBe(0);
  });
});

describe('verbs on a terminal pick names from lists', () => {
  it('ticket assign without a flag offers me, the agents and the teams; ticket transfer the departments', async () => {
    const assign = terminal(['--as', 'john', 'ticket', 'assign', '100001'], env);
    await assign.waitFor('Assign to');
    await assign.waitFor('Team Online Banking Team');
    const list = since(assign, 'Assign to');
    expect(list).toContain('Jane (jane)');
    assign.type(KEY.enter); // Me
    expect(await exitOf(assign)).toBe(0);
    expect(plain(assign.output)).toContain('✓ #100001 assigned: john');
    const transfer = terminal(['--as', 'john', 'ticket', 'transfer', '100001'], env);
    await transfer.waitFor('Transfer to');
    await transfer.waitFor('SysAdmins');
    await pressEsc(transfer); // Esc outside the desk: nothing changes, like Ctrl-C
    expect(await exitOf(transfer)).toBe(130);
    expect(s.json(['--as', 'admin', 'ticket', 'show', '100001'])).toMatchObject({ assignee: 'john', department: 'Support' });
    expect(s.hd(['--as', 'admin', 'ticket', 'assign', '100001', '--release']).code).toBe(0);
  });
});

describe('as an end user', () => {
  it('is offered only what an end user may do: mark an open ticket resolved, reopen a resolved one', async () => {
    expect(s.hd(['--as', 'admin', 'ticket', 'status', '100001', 'in-progress']).code).toBe(0);
    const open = terminal(['--as', 'karen@example.com'], env);
    await openTicketMenu(open, 'Karen Jones (end user)');
    const menu = since(open, '#100001: what now?');
    expect(menu).toContain('Reply');
    expect(menu).toContain('Change status');
    for (const item of ['Internal note', 'Assign', 'Transfer', 'SLA', 'priority', 'help topic']) expect(menu).not.toContain(item);
    expect(plain(open.output)).not.toMatch(/^SLA\s/m); // no SLA internals for end users
    open.type(KEY.down + KEY.enter); // Reply, Change status
    await open.waitFor('New status');
    await open.waitFor('Resolved');
    // The contract: an end user may mark their ticket resolved — and nothing else of the statuses.
    const offered = since(open, 'New status');
    for (const other of ['Open', 'In Progress', 'Awaiting Response', 'Closed']) expect(offered).not.toContain(other);
    const marked = open.waitForNext('✓ done');
    const back = open.waitForNext('#100001: what now?');
    open.type(KEY.enter);
    await marked;
    await back;
    open.type(KEY.ctrlC);
    expect(await exitOf(open)).toBe(130);
    expect(s.json(['--as', 'admin', 'ticket', 'show', '100001']).status).toBe('resolved');

    const resolved = terminal(['--as', 'karen@example.com'], env);
    await openTicketMenu(resolved, 'Karen Jones (end user)', false);
    expect(since(resolved, '#100001: what now?')).toContain('Change status');
    resolved.type(KEY.down + KEY.enter); // Reply, Change status
    await resolved.waitFor('New status');
    await resolved.waitFor('Open');
    const statuses = since(resolved, 'New status');
    for (const other of ['In Progress', 'Awaiting Response', 'Closed']) expect(statuses).not.toContain(other);
    const done = resolved.waitForNext('✓ done');
    const again = resolved.waitForNext('#100001: what now?');
    resolved.type(KEY.enter);
    await done;
    await again;
    resolved.type(KEY.ctrlC);
    expect(await exitOf(resolved)).toBe(130);
    expect(s.json(['--as', 'admin', 'ticket', 'show', '100001']).status).toBe('open');
  });
});

describe('the queue', () => {
  it('says when more tickets exist than it shows, and redraws to fit a resized terminal', async () => {
    for (let i = 0; i < 22; i++) {
      expect(s.hd(['--as', 'karen@example.com', 'ticket', 'create', '--subject', `Printer ${i} 日本語のテスト件名`, '--body', 'x']).code).toBe(0);
    }
    const t = terminal(['--as', 'admin'], env, { cols: 140, rows: 60 });
    await t.waitFor('What next?');
    expect(plain(t.output)).toMatch(/Showing the 20 most urgent of 2\d; all of them: helpdesk ticket list --limit 0/);
    const redrawn = t.waitForNext('What next?');
    t.resize(60, 60);
    await redrawn;
    const screen = since(t, 'Ticket  ').split(/\r?\n/).filter((l) => /^#\d{6}/.test(l));
    expect(screen.length).toBe(20);
    for (const line of screen) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    t.type(KEY.up + KEY.enter); // Quit
    expect(await exitOf(t)).toBe(0);
  });
});
