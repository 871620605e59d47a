import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelpdeskError, UsageError } from '../../../core/errors.js';
import { showTicket } from '../../../desk/tickets/show.js';
import type { TicketObject } from '../../../desk/tickets/view.js';
import { findScenario, startLab, type Scenario } from '../../../lab/index.js';
import { openSqliteStore } from '../../../store/sqlite.js';
import { globalsOf, useColor, type Env, type Factory, type Globals } from '../../factory.js';
import type { IO } from '../../io.js';
import { makeStyle, type Style } from '../../render/style.js';
import { ticketDetail } from '../../render/ticket.js';
import { localTime } from '../../render/time.js';
import { personOf } from './shared.js';

export function newLabDemoCommand(f: Factory, run = runLabDemo): Command {
  return new Command('demo')
    .description('play a scenario end to end in a throwaway database, narrating each stage')
    .argument('<scenario>', 'see helpdesk lab list')
    .option('--speed <seconds>', 'pause between stages on a terminal, in seconds (default 1.5; 0 for none)', parseSpeed)
    .action((scenario: string, o: { speed?: number }, cmd: Command) => run(f, { scenario, speed: o.speed, globals: globalsOf(cmd) }));
}

function parseSpeed(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 60) {
    throw new UsageError(`--speed '${text}' is not a number of seconds`, 'pass seconds between stages, e.g. --speed 3 (0 for no pause)');
  }
  return n;
}

/** Splits a step command the way a shell would (double quotes, backslash escapes inside them). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return words;
}

const STEP_MINUTES = 4;

/** On a terminal the demo paces itself, so a person can read each stage; piped, it runs straight through. */
const DEFAULT_SPEED_SECONDS = 1.5;

export async function runLabDemo(f: Factory, o: { scenario: string; speed?: number; globals: Globals }): Promise<void> {
  const pauseMs = f.io.stdoutIsTTY ? (o.speed ?? DEFAULT_SPEED_SECONDS) * 1000 : 0;
  const scenario = findScenario(o.scenario);
  const s = makeStyle(useColor(f, o.globals));
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-demo-'));
  const start = f.now();
  const env: Env = { ...f.env, HELPDESK_DB: join(dir, 'demo.db'), XDG_STATE_HOME: join(dir, 'state'), HELPDESK_AS: undefined };
  try {
    const ticket = await setUp(env, scenario, start);
    const say = (text = '') => f.io.out(`${text}\n`);
    say(s.bold(`▶ ${scenario.title}`));
    say(s.gray(`  A narrated run in a throwaway database (${scenario.source}).`));
    say();
    say(scenario.briefing.replace(/^/gm, '  '));
    say();
    let before = await snapshot(env, ticket, start);
    for (const [i, step] of scenario.steps.entries()) {
      const at = new Date(start.getTime() + (i + 1) * STEP_MINUTES * 60000);
      say(s.bold(`Stage ${i + 1} · ${personOf(step.role)}: ${step.title}`));
      say(s.gray(`  Why: ${step.why}.`));
      const args = ['--as', step.role, ...shellWords(step.command(ticket))];
      say(s.cyan(`  $ helpdesk ${step.command(ticket)}`));
      const code = await runInside(f.io, { ...env, HELPDESK_NOW: at.toISOString() }, args);
      if (code !== 0) throw new HelpdeskError(`the demo failed at stage ${i + 1} (exit ${code})`, 1);
      const after = await snapshot(env, ticket, at);
      for (const change of changes(s, before, after)) say(`  ${s.green('→')} ${change}`);
      before = after;
      say();
      if (pauseMs > 0) await new Promise((done) => setTimeout(done, pauseMs));
    }
    const end = new Date(start.getTime() + (scenario.steps.length + 1) * STEP_MINUTES * 60000);
    say(s.bold('What the technicians see now'));
    const view = { columns: f.io.columns - 2 };
    f.io.out(ticketDetail(s, before, end, 'UTC', undefined, view).replace(/^/gm, '  '));
    say();
    say(s.bold(`What ${before.user.name} sees: the replies and the status, never the internal notes`));
    f.io.out(ticketDetail(s, await snapshot(env, ticket, end, before.user.email), end, 'UTC', undefined, { ...view, endUser: true }).replace(/^/gm, '  '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function setUp(env: Env, scenario: Scenario, at: Date): Promise<string> {
  const store = openSqliteStore(env.HELPDESK_DB!);
  try {
    return (await startLab({ store, now: at }, scenario)).ticket;
  } finally {
    store.close();
  }
}

async function snapshot(env: Env, ticket: string, at: Date, who = 'admin'): Promise<TicketObject> {
  const store = openSqliteStore(env.HELPDESK_DB!);
  try {
    return await showTicket({ store, now: at }, who, ticket);
  } finally {
    store.close();
  }
}

/** Runs one helpdesk command in this process, its output indented under the narration. */
async function runInside(io: IO, env: Env, args: string[]): Promise<number> {
  const { run } = await import('../../main.js');
  const indent = (text: string) => text.replace(/^(?=.)/gm, '    ');
  // No pager for the inner commands (rows unknown): their output is part of the narration.
  const inner: IO = { ...io, stdinIsTTY: false, rows: undefined, out: (t) => io.out(indent(t)), err: (t) => io.out(indent(t)) };
  return run(args, inner, env);
}

function changes(s: Style, a: TicketObject, b: TicketObject): string[] {
  const out: string[] = [];
  const fields: Array<[string, keyof TicketObject]> = [
    ['status', 'status'], ['SLA', 'sla'], ['due', 'due_at'], ['topic', 'topic'], ['department', 'department'],
    ['team', 'team'], ['assignee', 'assignee'], ['priority', 'priority'],
  ];
  const show = (key: keyof TicketObject, v: unknown) =>
    v === null || v === undefined ? '—' : key === 'due_at' ? localTime(String(v), 'UTC') : String(v);
  for (const [label, key] of fields) {
    if (a[key] !== b[key]) out.push(`${label}: ${show(key, a[key])} ${s.gray('→')} ${s.bold(show(key, b[key]))}`);
  }
  for (const e of b.thread.slice(a.thread.length)) {
    const kind = e.kind === 'note' ? s.yellow('internal note') : e.kind === 'reply' ? s.cyan('reply to the user') : s.green('message from the user');
    out.push(`${kind} by ${e.author_name}`);
  }
  return out;
}
