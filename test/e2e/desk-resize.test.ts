/**
 * A resized terminal redraws the interactive desk's current screen at every level — the
 * ticket's screen with its menu, the pickers inside it, the ticket list — not only the top queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/cli/render/width.js';
import { labSandbox, type Sandbox } from '../helpers/cli.js';
import { KEY, plain, terminal, type Terminal } from '../helpers/pty.js';

let s: Sandbox;
let env: Record<string, string>;

beforeAll(() => ({ s, env } = labSandbox('banking-outage', '2026-11-23T16:00:00Z')));
afterAll(() => s.cleanup());

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Resizes and waits until `prompt` is drawn again; the lines drawn since, as they appear. */
async function resizedTo(t: Terminal, cols: number, prompt: string | RegExp): Promise<string[]> {
  const from = plain(t.output).length;
  const again = t.waitForNext(prompt);
  t.resize(cols, 50);
  await again;
  await pause(300); // the rest of the screen
  return plain(t.output).slice(from).split(/\r?\n/);
}

function exitOf(t: Terminal): Promise<number> {
  return Promise.race([t.exited, pause(10_000).then(() => { throw new Error(`the desk did not exit; screen:\n${plain(t.output)}`); })]);
}

describe('a resize redraws the current screen', () => {
  it('the ticket screen and its menu, a picker inside it, and the list of tickets', async () => {
    const t = terminal(['--as', 'john'], env, { cols: 140, rows: 50 });
    await t.waitFor('What next?');
    t.type(KEY.enter); // Work a ticket
    await t.waitFor('Which ticket?');
    // The list of tickets: drawn again at the new width.
    expect((await resizedTo(t, 100, 'Which ticket?')).join('\n')).toContain('#100001');
    t.type(KEY.enter);
    await t.waitFor('#100001: what now?');

    // The ticket's screen: the ticket itself is drawn again to fit 60 columns, then its menu.
    const lines = await resizedTo(t, 60, '#100001: what now?');
    const ticket = lines.slice(0, lines.findIndex((l) => l.includes('what now?')));
    expect(ticket.some((l) => l.includes('#100001'))).toBe(true);
    for (const line of ticket) expect(displayWidth(line), line).toBeLessThanOrEqual(60);

    // A picker inside it: the agents' list is drawn again, and still answers.
    const menu = plain(t.output).slice(plain(t.output).lastIndexOf('what now?'));
    const items = menu.split(/\r?\n/).filter((l) => /^\s*[❯ ] \S/.test(l));
    const at = items.findIndex((l) => l.includes('Assign to an agent…'));
    t.type(KEY.down.repeat(at) + KEY.enter);
    const PICKER = /\? Assign to(?! an| a team| me)/;
    await t.waitForNext(PICKER);
    const picker = await resizedTo(t, 80, PICKER);
    expect(picker.join('\n')).toMatch(/\(jane\)|\(john\)/);
    await pause(300);
    t.type(KEY.ctrlC);
    expect(await exitOf(t)).toBe(130);
  });
});
