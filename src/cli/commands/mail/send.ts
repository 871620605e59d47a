import { Command } from 'commander';
import { HelpdeskError } from '../../../core/errors.js';
import { globalsOf, openDesk, type Factory, type Globals } from '../../factory.js';
import { limitFrom, parseLimit, printJson } from '../shared.js';

export interface SendOptions {
  ticket?: string;
  limit?: number;
  globals: Globals;
}

export function newMailSendCommand(f: Factory, run = runSend): Command {
  return new Command('send')
    .description('deliver pending mail through mail.smtp (for cron); failures are retried later with backoff')
    .option('--ticket <n>', "only this ticket's mail")
    .option('--limit <n>', 'at most n messages this run', parseLimit)
    .action((o: Omit<SendOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

export async function runSend(f: Factory, o: SendOptions): Promise<void> {
  const desk = await openDesk(f, o.globals);
  try {
    const { deliverDue } = await import('../../../mail/deliver.js');
    const report = await deliverDue(desk, { ticket: o.ticket, limit: limitFrom(o.limit) ?? undefined });
    if (o.globals.json) printJson(f, report);
    else {
      for (const m of report.messages) {
        const detail = m.result === 'sent' ? '' : `: ${m.error}${m.next_attempt_at ? ` (next try ${m.next_attempt_at})` : ''}`;
        f.io.err(`${m.result} ${m.message_id} to ${m.to}${detail}\n`);
      }
      if (report.messages.length || f.io.stdoutIsTTY) {
        f.io.err(`Sent ${report.sent} · deferred ${report.deferred} · failed ${report.failed}\n`);
      }
    }
    const undelivered = report.deferred + report.failed;
    if (undelivered) {
      const why = report.stopped ?? report.messages.find((m) => m.result !== 'sent')?.error ?? 'delivery failed';
      throw new HelpdeskError(`${undelivered} message${undelivered === 1 ? '' : 's'} not delivered: ${why}`, 1,
        'pending messages stay queued and are retried by the next helpdesk mail send; see helpdesk mail outbox');
    }
  } finally {
    desk.store.close();
  }
}
