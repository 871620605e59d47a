/**
 * The portal in a real browser — Debian's chromium driven by playwright-core, headless,
 * against a real `helpdesk serve` on 127.0.0.1:0. Karen plays her part of the banking-outage lab in
 * it (John and Jane work the ticket on the command line, as the lab's hints say), once with
 * JavaScript on and once with it off. On a failure, a screenshot of every page visited is kept in
 * test/artifacts/ (ignored by git).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../helpers/cli.js';
import { mailedLink } from '../../helpers/portal.js';
import { serve, type Served } from '../../helpers/server.js';
import { KAREN, labSandbox } from '../contract/support.js';

const CHROMIUM = process.env.HELPDESK_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '../../artifacts');
const NOTE = 'INTERNAL: rollback of release 4.2 on the app servers';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

let s: Sandbox;
let srv: Served;
let browser: Browser;
const now = () => ({ env: {} });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  s = labSandbox();
  for (const [k, v] of [['mail.from', 'Help Desk <help@example.com>'], ['mail.autoresponse', 'on']]) {
    expect(s.hd(['--as', 'admin', 'config', 'set', k!, v!], now()).code).toBe(0);
  }
  srv = await serve(s);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  s?.cleanup();
});

/** Runs a browser session; every page it shows is photographed, and the photos are kept if it fails. */
async function session(name: string, js: boolean, fn: (page: Page, shot: (step: string) => Promise<void>) => Promise<void>): Promise<void> {
  const context: BrowserContext = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const shots: Array<[string, Buffer]> = [];
  const shot = async (step: string) => {
    shots.push([step, await page.screenshot({ fullPage: true })]);
    // Readable on a phone: nothing is wider than the 390-pixel screen (no sideways scrolling).
    if (js) expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), `${step} is wider than the screen`).toBe(true);
  };
  try {
    await fn(page, shot);
  } catch (err) {
    await shot('failure').catch(() => undefined);
    mkdirSync(ARTIFACTS, { recursive: true });
    shots.forEach(([step, png], i) => writeFileSync(join(ARTIFACTS, `${name}-${String(i).padStart(2, '0')}-${step}.png`), png));
    throw err;
  } finally {
    await context.close();
  }
}

/** A click that loads a new page (the portal has no script: every action is a page load). */
async function go(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), click()]);
}
const text = async (l: { textContent(): Promise<string | null> }) => (await l.textContent())?.trim() ?? '';

const cli = (args: string[]) => {
  const r = s.hd(args, now());
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

/** Karen's part of the banking-outage lab, in the browser; John and Jane on the command line. */
async function karensPart(page: Page, shot: (step: string) => Promise<void>, label: string): Promise<string> {
  const file = join(s.dir, `${label}-screenshot.png`);
  writeFileSync(file, PNG);
  await page.goto(srv.url + '/');
  await shot('home');
  await go(page, () => page.getByRole('link', { name: 'Open a new ticket' }).first().click());
  await page.getByLabel('Your name').fill('Karen Jones');
  await page.getByLabel('Your email address').fill(KAREN);
  await page.getByLabel('Help topic').selectOption('Report a Problem');
  await page.getByLabel('Subject').fill('Entire mobile/online banking system is down.');
  await page.getByLabel('Message').fill('Customers cannot access the mobile or online banking platform. Please investigate urgently.');
  await page.getByLabel('Attachments (optional)').setInputFiles(file);
  await shot('new-ticket');
  await go(page, () => page.getByRole('button', { name: 'Open the ticket' }).click());
  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  expect(heading).toMatch(/^Ticket #\d{6} created$/);
  await shot('created');
  const n = /#(\d{6})/.exec(heading!)![1]!;
  const outbox = JSON.parse(cli(['--as', 'admin', 'mail', 'outbox', '--json'])) as any[];
  expect(outbox.some((m) => m.ticket === n && m.kind === 'autoresponse' && m.to === KAREN)).toBe(true);

  // John triages, Jane takes it and answers: the lab's own steps.
  cli(['--as', 'john', 'ticket', 'sla', n, 'Sev-A']);
  cli(['--as', 'john', 'ticket', 'edit', n, '--topic', 'Business Critical Outage']);
  cli(['--as', 'john', 'ticket', 'note', n, '--body', NOTE]);
  cli(['--as', 'john', 'ticket', 'assign', n, '--team', 'Online Banking Team']);
  cli(['--as', 'john', 'ticket', 'transfer', n, '--dept', 'Online Banking']);
  cli(['--as', 'jane', 'ticket', 'assign', n, '--me']);
  cli(['--as', 'jane', 'ticket', 'reply', n, '--body', 'We are investigating the outage now and will update you within the hour.']);

  // Karen checks her ticket: the link comes by mail.
  await go(page, () => page.getByRole('link', { name: 'Check a ticket' }).first().click());
  await page.getByLabel('Email address').fill(KAREN);
  await page.getByLabel('Ticket number').fill(n);
  await go(page, () => page.getByRole('button', { name: 'Mail me a link' }).click());
  expect(await text(page.getByRole('status'))).toContain('on its way');
  await shot('check-sent');
  await page.goto(mailedLink(s, KAREN, 'access'));
  expect(await text(page.getByRole('heading', { level: 1 }))).toBe('My tickets');
  await shot('my-tickets');
  await page.getByRole('link', { name: `#${n}` }).click();
  await shot('thread');
  const source = await page.content();
  expect(source).not.toContain('INTERNAL');
  expect(source).not.toContain('Sev-A');
  const entries = page.locator('article.entry .body');
  const said = await entries.allTextContents();
  expect(said).toHaveLength(2);
  expect(said[0]).toMatch(/^Customers cannot access/);
  expect(said[1]).toMatch(/^We are investigating/);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: `${label}-screenshot.png` }).click();
  expect((await (await download).path()) !== null).toBe(true);

  await page.getByLabel('Your message').fill('Branch staff say logins fail with error 503.');
  await go(page, () => page.getByRole('button', { name: 'Send' }).click());
  expect(await text(page.getByRole('status'))).toBe('Your message was added.');
  expect(await entries.count()).toBe(3);
  await shot('replied');
  const agentsView = JSON.parse(cli(['--as', 'jane', 'ticket', 'show', n, '--json']));
  expect(agentsView.thread.at(-1)).toMatchObject({ kind: 'message', author: KAREN, body: 'Branch staff say logins fail with error 503.' });
  expect(agentsView.status).toBe('open');

  cli(['--as', 'jane', 'ticket', 'status', n, 'in-progress']);
  cli(['--as', 'jane', 'ticket', 'status', n, 'resolved', '--note', 'A recent update broke the application server. Rolled it back.']);
  return n;
}

async function rate(page: Page, shot: (step: string) => Promise<void>, n: string, stars: string, comment: string): Promise<void> {
  await page.goto(mailedLink(s, KAREN, 'rate'));
  expect(await text(page.getByRole('heading', { level: 1 }))).toBe(`Rate ticket #${n}`);
  await shot('rate');
  await page.getByRole('radio', { name: stars }).check();
  await page.getByLabel('Comment (optional)').fill(comment);
  await go(page, () => page.getByRole('button', { name: 'Send rating' }).click());
  expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Thank you for your rating');
  await shot('rated');
  // Once per resolution: the link now shows the rating instead of the form.
  await page.goto(mailedLink(s, KAREN, 'rate'));
  expect(await page.getByRole('button', { name: 'Send rating' }).count()).toBe(0);
  expect(await page.content()).toContain('Your rating');
}

describe("Karen's part of the banking-outage lab, in the browser", () => {
  it('with JavaScript: open with a screenshot attached, read the thread (never the note), reply, rate the resolution', async () => {
    await session('js', true, async (page, shot) => {
      const n = await karensPart(page, shot, 'js');
      await rate(page, shot, n, '5', 'Fixed within the hour, thank you!');
      const t = JSON.parse(cli(['--as', 'jane', 'ticket', 'show', n, '--json']));
      expect(t.csat).toMatchObject({ rating: 5, comment: 'Fixed within the hour, thank you!' });
      expect(cli(['--as', 'jane', 'ticket', 'show', n])).toContain('Rating');
    });
  });

  it('without JavaScript: the same, plus "this is resolved" and "reopen"', async () => {
    await session('nojs', false, async (page, shot) => {
      const n = await karensPart(page, shot, 'nojs');
      await page.goto(`${srv.url}/tickets/${n}`);
      await go(page, () => page.getByRole('button', { name: 'Reopen' }).click());
      expect(await text(page.getByRole('status'))).toBe('The ticket is open again.');
      expect(JSON.parse(cli(['--as', 'jane', 'ticket', 'show', n, '--json']))).toMatchObject({ status: 'open', reopened_count: 1 });
      await go(page, () => page.getByRole('button', { name: 'This is resolved' }).click());
      expect(await text(page.getByRole('status'))).toBe('Marked as resolved. Thank you!');
      await shot('resolved-by-karen');
      expect(JSON.parse(cli(['--as', 'jane', 'ticket', 'show', n, '--json'])).status).toBe('resolved');
      // Rated from the ticket's own page this time.
      await page.getByRole('radio', { name: '2' }).check();
      await go(page, () => page.getByRole('button', { name: 'Send rating' }).click());
      expect(await text(page.getByRole('status'))).toBe('Thank you for rating.');
      const report = JSON.parse(cli(['--as', 'admin', 'report', '--json']));
      expect(report).toMatchObject({ csat_average: 3.5, csat_responses: 2 });
    });
  });
});
