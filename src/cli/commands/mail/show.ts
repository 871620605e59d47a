import { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import { mailShow } from '../../../desk/api/mail.js';
import { withDesk } from '../../session.js';
import { globalsOf, type Factory, type Globals } from '../../factory.js';
import { forTerminal } from '../../render/sanitize.js';
import { printJson } from '../shared.js';

export interface MailShowOptions {
  id: number;
  globals: Globals;
}

export function parseId(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`'${text}' is not a message id`, 'ids are the numbers in helpdesk mail outbox');
  return Number(text);
}

export function newMailShowCommand(f: Factory, run = runMailShow): Command {
  return new Command('show')
    .description('one outgoing message: headers and text')
    .argument('<id>', 'its id in mail outbox', parseId)
    .action((id: number, _o: object, cmd: Command) => run(f, { id, globals: globalsOf(cmd) }));
}

export async function runMailShow(f: Factory, o: MailShowOptions): Promise<void> {
  await withDesk(f, o.globals, async (desk) => {
    const stored = await desk.run(mailShow, { id: o.id });
    if (o.globals.json) return printJson(f, stored);
    const m = forTerminal(stored);
    const lines = [
      `To: ${m.to}`, `Subject: ${m.subject}`, `Message-ID: ${m.message_id}`,
      ...(m.in_reply_to ? [`In-Reply-To: ${m.in_reply_to}`] : []), ...(m.references ? [`References: ${m.references}`] : []),
      `X-Status: ${m.status}, ${m.attempts} attempt${m.attempts === 1 ? '' : 's'}${m.last_error ? `, last error: ${m.last_error}` : ''}`,
      '', m.body.replace(/\n+$/, ''), '',
    ];
    f.io.out(lines.join('\n'));
  });
}
