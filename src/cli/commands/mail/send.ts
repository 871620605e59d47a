import { Command } from 'commander';
import { mailSend } from '../../../mail/api.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { runJob } from '../../session.js';
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
    .addHelpText('after', `
Exit 0 whenever the run happened, also with messages deferred (--json: sent, deferred, failed, bounced).
A failed SMTP session (535, 530, 421, no TLS for the password) stops the run and leaves every message
pending; only a recipient refused for good (5xx to RCPT/DATA) fails its message. The password goes only
over TLS unless an admin sets mail.smtp_allow_plain on.`)
    .action((o: Omit<SendOptions, 'globals'>, cmd: Command) => run(f, { ...o, globals: globalsOf(cmd) }));
}

/**
 * Exit 0 whenever the run happened, even with messages deferred or failed (cron must not alarm on a
 * server that is down for a while: the counts and `mail outbox` say what is pending). Only a run that
 * could not happen at all (no mail.smtp, a database error) is not 0.
 */
export async function runSend(f: Factory, o: SendOptions): Promise<void> {
  // On a server, the server sends (an admin's token only: mail/api.ts); locally no identity is needed.
  const report = await runJob(f, o.globals, mailSend, { ticket: o.ticket, limit: o.limit }, async (desk) => {
    const { deliverDue } = await import('../../../mail/deliver.js');
    return deliverDue(desk, { ticket: o.ticket, limit: limitFrom(o.limit) ?? undefined });
  });
  if (o.globals.json) return printJson(f, report);
  for (const m of report.messages) {
    const detail = m.result === 'sent' ? '' : `: ${m.error}${m.next_attempt_at ? ` (next try ${m.next_attempt_at})` : ''}`;
    f.io.err(`${m.result} ${m.message_id} to ${m.to}${detail}\n`);
  }
  if (report.stopped) f.io.err(`Stopped: ${report.stopped}; every message stays pending\n`);
  if (report.messages.length || f.io.stdoutIsTTY) {
    f.io.err(`Sent ${report.sent} · deferred ${report.deferred} · failed ${report.failed} · bounced ${report.bounced}\n`);
  }
  if (report.deferred + report.failed > 0 && f.io.stdoutIsTTY) f.io.err('Next: helpdesk mail outbox\n');
}

