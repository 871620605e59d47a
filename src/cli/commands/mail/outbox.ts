import { newTable } from '../../render/table.js';
import { mailOutbox } from '../../../desk/api/reports.js';
import { Command } from 'commander';
import { UsageError, choicesHint } from '../../../core/errors.js';
import type { OutboxMessage } from '../../../desk/mail/outbox.js';
import type { OutboxStatus } from '../../../store/mail/types.js';
import { globalsOf, useColor, type Factory, type Globals } from '../../factory.js';
import { forTerminal } from '../../render/sanitize.js';
import { withDesk } from '../../session.js';
import { makeStyle, tsvRow, type Style } from '../../render/style.js';
import { agoText } from '../../render/time.js';
import { parseLimit, printJson } from '../shared.js';

export interface OutboxOptions {
  status?: OutboxStatus;
  ticket?: string;
  limit?: number;
  globals: Globals;
}

const STATUSES: readonly OutboxStatus[] = ['pending', 'sent', 'failed', 'bounced'];

function parseOutboxStatus(text: string): OutboxStatus {
  const s = text.trim().toLowerCase() as OutboxStatus;
  if (STATUSES.includes(s)) return s;
  throw new UsageError(`unknown mail status '${text}'`, choicesHint(text, STATUSES));
}

export function newMailOutboxCommand(f: Factory, run = runOutbox): Command {
  return new Command('outbox')
    .description('the outgoing mail queue, oldest first (piped: id, ticket, to, status, attempts, created_at, sent_at, last_error, subject)')
    .option('--status <s>', 'pending, sent or failed', parseOutboxStatus)
    .option('--ticket <n>', "only this ticket's mail")
    .option('--limit <n>', 'only the most recent n', parseLimit)
    .action((o: Omit<OutboxOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

export async function runOutbox(f: Factory, o: OutboxOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const list = await desk.run(mailOutbox, { status: o.status, ticket: o.ticket, limit: o.limit });
    if (o.globals.json) return printJson(f, list);
    if (!f.io.stdoutIsTTY) {
      return f.io.out(list.map((m) => tsvRow([m.id, m.ticket, m.to, m.status, m.attempts, m.created_at, m.sent_at, m.last_error, m.subject])).join(''));
    }
    if (list.length === 0) return f.io.err('The outbox is empty.\n');
    f.io.out(outboxTable(makeStyle(useColor(f, o.globals)), list, desk.now));
  });
}

function outboxTable(s: Style, list: readonly OutboxMessage[], now: Date): string {
  const table = newTable({
    head: ['ID', 'Ticket', 'To', 'Subject', 'Status', 'Tries', 'When'].map((h) => s.bold(h)),
    style: { head: [], border: [], compact: true },
  });
  for (const m of forTerminal(list)) {
    const status = m.status === 'sent' ? s.green('sent') : m.status === 'failed' || m.status === 'bounced' ? s.red(m.status) : s.yellow('pending');
    const when = m.status === 'sent' ? `sent ${agoText(m.sent_at!, now)}`
      : m.status === 'failed' || m.status === 'bounced' ? s.red(m.last_error ?? '')
        : m.last_error ? `${s.red(m.last_error.slice(0, 40))} · retry ${agoText(m.next_attempt_at ?? m.created_at, now)}` : `queued ${agoText(m.created_at, now)}`;
    table.push([String(m.id), m.ticket ? `#${m.ticket}` : '—', m.to, m.subject.slice(0, 50), status, String(m.attempts), when]);
  }
  return `${table.toString()}\n`;
}
