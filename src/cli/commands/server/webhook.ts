/**
 * `helpdesk webhook add|list|remove|send`. Admins manage hooks; `send` is a cron job like
 * `mail send` and needs no identity.
 */
import { Command } from 'commander';
import { addWebhook, listWebhooks, removeWebhook, setWebhookSecret } from '../../../desk/webhooks.js';
import { globalsOf, openDesk, withSession, type Factory, type Globals } from '../../factory.js';
import { safeLine } from '../../render/sanitize.js';
import { confirm, printJson } from '../shared.js';

interface Opts { globals: Globals }

export function newWebhookCommand(f: Factory): Command {
  const hook = new Command('webhook').description('POST ticket events to other systems, signed with HMAC-SHA256 (admins)');
  hook.addCommand(new Command('add')
    .description('register a URL for some or all events; prints its id')
    .argument('<url>', 'http(s) URL that receives the POSTs')
    .option('--events <list>', 'comma-separated: ticket.created, ticket.replied, ticket.noted, ticket.status, ticket.assigned, ticket.overdue (default: all)')
    .option('--secret <s>', 'the HMAC key receivers check X-Helpdesk-Signature with (default: a new random one, shown once)')
    .action((url: string, o: { events?: string; secret?: string }, cmd: Command) => runWebhookAdd(f, { ...o, url, globals: globalsOf(cmd) })));
  hook.addCommand(new Command('list')
    .description('the webhooks, with pending deliveries and the last error')
    .action((_o: object, cmd: Command) => runWebhookList(f, { globals: globalsOf(cmd) })));
  hook.addCommand(new Command('remove')
    .description('remove a webhook and its pending deliveries')
    .argument('<id>', 'the id from webhook list')
    .action((id: string, _o: object, cmd: Command) => runWebhookRemove(f, { id, globals: globalsOf(cmd) })));
  hook.addCommand(new Command('secret')
    .description('set a webhook\'s signing secret (an imported webhook has none: its deliveries wait for it)')
    .argument('<id>', 'the id from webhook list')
    .option('--secret <s>', 'the receiver\'s HMAC key (default: a new random one, shown once)')
    .action((id: string, o: { secret?: string }, cmd: Command) => runWebhookSecret(f, { ...o, id, globals: globalsOf(cmd) })));
  hook.addCommand(new Command('send')
    .description('deliver due webhook events, retrying failures with backoff (cron; no identity needed)')
    .action((_o: object, cmd: Command) => runWebhookSend(f, { globals: globalsOf(cmd) })));
  return hook;
}

export async function runWebhookAdd(f: Factory, o: Opts & { url: string; events?: string; secret?: string }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const made = await addWebhook(desk, { actor, url: o.url, events: o.events, secret: o.secret });
    if (o.globals.json) return printJson(f, made);
    f.io.out(`${made.id}\n`);
    confirm(f, o.globals, `Added webhook ${made.id} → ${made.url} (${made.events.join(', ')})`);
    if (o.secret === undefined) f.io.err(`Signing secret (shown only now): ${made.secret}\n`);
  });
}

export async function runWebhookList(f: Factory, o: Opts): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const hooks = await listWebhooks(desk, { actor });
    if (o.globals.json) return printJson(f, hooks.map(({ id, url, events, pending, last_error, secret_set }) => ({ id, url, events, pending, last_error, secret_set })));
    if (hooks.length === 0 && f.io.stdoutIsTTY) f.io.err('No webhooks (add one with: helpdesk webhook add <url>)\n');
    const held = (h: { secret_set: boolean }) => (h.secret_set ? '' : ' (held: no secret, see helpdesk webhook secret)');
    f.io.out(hooks.map((h) => `${[h.id, safeLine(h.url), h.events.join(','), `${h.pending} pending${held(h)}`, safeLine(h.last_error ?? '-')].join('\t')}\n`).join(''));
  });
}

export async function runWebhookRemove(f: Factory, o: Opts & { id: string }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const r = await removeWebhook(desk, { actor, id: o.id });
    if (o.globals.json) return printJson(f, r);
    confirm(f, o.globals, `Removed webhook ${r.id} (${r.url})${r.dropped ? `; ${r.dropped} pending deliveries dropped` : ''}`);
  });
}

export async function runWebhookSecret(f: Factory, o: Opts & { id: string; secret?: string }): Promise<void> {
  await withSession(f, o.globals, async (desk, actor) => {
    const r = await setWebhookSecret(desk, { actor, id: o.id, secret: o.secret });
    if (o.globals.json) return printJson(f, o.secret === undefined ? r : { id: r.id, url: r.url, pending: r.pending });
    confirm(f, o.globals, `Set the secret of webhook ${r.id} (${safeLine(r.url)})${r.pending ? `; ${r.pending} pending deliveries will be sent` : ''}`);
    if (o.secret === undefined) f.io.err(`Signing secret (shown only now): ${r.secret}\n`);
  });
}

/** Exit 0 when the run happened, even with deliveries deferred (as mail send). */
export async function runWebhookSend(f: Factory, o: Opts): Promise<void> {
  const desk = await openDesk(f, o.globals);
  try {
    const { sendWebhooks } = await import('../../../server/webhook-send.js');
    const report = await sendWebhooks(desk, { clock: f.now });
    if (o.globals.json) return printJson(f, report);
    for (const d of report.deliveries) f.io.err(`${d.result} ${d.event} #${d.id} to ${safeLine(d.url)}${d.error ? `: ${safeLine(d.error)}` : ''}\n`);
    if (report.deliveries.length || f.io.stdoutIsTTY) f.io.err(`Delivered ${report.delivered} · deferred ${report.deferred} · failed ${report.failed}\n`);
  } finally {
    desk.store.close();
  }
}
