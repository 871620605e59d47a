/**
 * Help desk settings an admin may change (`helpdesk config`): mail.from, mail.smtp,
 * mail.autoresponse, mail.attachment_limit, mail.smtp_allow_plain, mail.max_message, ticket.max_body, timezone, and the automation rules. Each value is validated before it is
 * stored; the SMTP password is never shown back.
 */
import { UsageError, choicesHint } from '../core/errors.js';
import { maskSmtpUrl, parseMailbox, parseSize, parseSmtpUrl, parseSwitch } from '../core/mailbox.js';
import { DEFAULT_MAX_BODY, DEFAULT_MAX_MESSAGE } from '../core/limits.js';
import { ownValue } from '../core/own.js';
import { parseTimezone } from '../core/schedule.js';
import { parseAfter, parseWarnBefore } from '../core/automation.js';
import { loadActiveActor, requireAdmin, requireAgent } from './actor.js';
import type { DeskContext } from './context.js';

interface KeySpec {
  description: string;
  /** Returns the value to store; throws UsageError with an example when invalid. */
  parse(value: string): string;
  default: string | null;
  /** What `get`/`list` show (the SMTP password masked). */
  show?(value: string): string;
}

export const CONFIG_KEYS: Record<string, KeySpec> = {
  'mail.from': {
    description: 'sender of mail to end users, e.g. "Help Desk <help@example.com>"; mail is queued only when set',
    parse: (v) => { parseMailbox(v); return v.trim(); },
    default: null,
  },
  'mail.smtp': {
    description: 'the SMTP server mail send delivers through: smtp://user:pass@host:port or smtps://…',
    parse: (v) => { parseSmtpUrl(v); return v.trim(); },
    default: null,
    show: maskSmtpUrl,
  },
  'mail.autoresponse': {
    description: 'on: mail the end user when a new ticket is opened',
    parse: (v) => parseSwitch(v, 'mail.autoresponse'),
    default: 'off',
  },
  'mail.attachment_limit': {
    description: 'largest attachment mail ingest accepts (bigger messages are refused, exit 65)',
    parse: (v) => String(parseSize(v, 'mail.attachment_limit')),
    default: String(10 * 1024 * 1024),
  },
  'mail.smtp_allow_plain': {
    description: 'on: let mail send give the SMTP password to a server without TLS (off: smtps:// or STARTTLS only)',
    parse: (v) => parseSwitch(v, 'mail.smtp_allow_plain'),
    default: 'off',
  },
  'ticket.claim_on_response': {
    description: "on: an agent's reply to an open, unassigned ticket assigns it to them",
    parse: (v) => parseSwitch(v, 'ticket.claim_on_response'),
    default: 'on',
  },
  'mail.max_message': {
    description: 'largest message mail ingest reads; it stops reading there and refuses the message (exit 65)',
    parse: (v) => String(parseSize(v, 'mail.max_message')),
    default: String(DEFAULT_MAX_MESSAGE),
  },
  'ticket.max_body': {
    description: 'largest message, reply or note body (and import record); bigger is refused (exit 2) without reading past it',
    parse: (v) => String(parseSize(v, 'ticket.max_body')),
    default: String(DEFAULT_MAX_BODY),
  },
  'server.max_body': {
    description: 'largest request body helpdesk serve accepts (bigger ones are refused with 413)',
    parse: (v) => String(parseSize(v, 'server.max_body')),
    default: String(10 * 1024 * 1024),
  },
  // Where mailed portal links (access, rating) point; `serve --public-url` records it
  'portal.url': {
    description: "the end-user portal's public address for mailed links (set by serve --public-url), e.g. https://desk.example.com",
    parse: parsePortalUrl,
    default: '',
  },
  timezone: {
    description: 'time zone for times shown to people and in mail (IANA name)',
    parse: parseTimezone,
    default: 'UTC',
  },
  // the rules `automate run` applies
  'ticket.autoclose_after': {
    description: 'automate run closes resolved tickets this long after they were resolved (7d, 36h, or off)',
    parse: (v) => afterSetting(v, 'ticket.autoclose_after'),
    default: '7d',
  },
  'ticket.remind_after': {
    description: 'automate run reminds the end user once when a ticket has awaited their answer this long (or off)',
    parse: (v) => afterSetting(v, 'ticket.remind_after'),
    default: 'off',
  },
  'ticket.close_awaiting_after': {
    description: 'automate run closes a ticket that has awaited the end user this long (or off)',
    parse: (v) => afterSetting(v, 'ticket.close_awaiting_after'),
    default: 'off',
  },
  'sla.warn_before': {
    description: 'automate run warns once per clock this much business time before it runs out (30m), or at a share of the target (75%); or off',
    parse: (v) => { parseWarnBefore(v); return v.trim().toLowerCase(); },
    default: 'off',
  },
};

function afterSetting(v: string, key: string): string {
  parseAfter(v, key);
  return v.trim().toLowerCase();
}

export interface ConfigEntry {
  key: string;
  value: string | null;
  /** False when the value is the default. */
  set: boolean;
  description: string;
}

function spec(key: string): KeySpec {
  const name = key.trim().toLowerCase();
  const found = ownValue(CONFIG_KEYS, name);
  if (!found) throw new UsageError(`unknown setting '${key}'`, choicesHint(key, Object.keys(CONFIG_KEYS)));
  return found;
}

const canonical = (key: string) => key.trim().toLowerCase();

/** Sets a key (admins); returns what `get` now shows. */
export async function setConfig(ctx: DeskContext, who: string, key: string, value: string): Promise<ConfigEntry> {
  const s = spec(key);
  const stored = s.parse(value);
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, who), 'change settings');
    await tx.settings.setSetting(canonical(key), stored);
    return entry(canonical(key), stored);
  });
}

/** Returns a key to its default (admins). */
export async function unsetConfig(ctx: DeskContext, who: string, key: string): Promise<ConfigEntry> {
  spec(key);
  return ctx.store.write(async (tx) => {
    requireAdmin(await loadActiveActor(tx, who), 'change settings');
    await tx.settings.deleteSetting(canonical(key));
    return entry(canonical(key), null);
  });
}

/** One key as agents may see it. */
export async function getConfig(ctx: DeskContext, who: string, key: string): Promise<ConfigEntry> {
  spec(key);
  return ctx.store.read(async (tx) => {
    requireAgent(await loadActiveActor(tx, who), 'read settings');
    return entry(canonical(key), await tx.settings.getSetting(canonical(key)));
  });
}

/** Every key, set or default. */
export async function listConfig(ctx: DeskContext, who: string): Promise<ConfigEntry[]> {
  return ctx.store.read(async (tx) => {
    requireAgent(await loadActiveActor(tx, who), 'read settings');
    const stored = new Map((await tx.settings.settingsAll()).map((r) => [r.key, r.value]));
    return Object.keys(CONFIG_KEYS).map((key) => entry(key, stored.get(key) ?? null));
  });
}

function entry(key: string, stored: string | null): ConfigEntry {
  const s = CONFIG_KEYS[key]!;
  const value = stored ?? s.default;
  return { key, value: value !== null && s.show ? s.show(value) : value, set: stored !== null, description: s.description };
}

/** An http(s) address without a trailing slash. */
function parsePortalUrl(v: string): string {
  let url: URL | null = null;
  try {
    url = new URL(v.trim());
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`portal.url '${v}' is not an http or https address`, 'e.g. helpdesk config set portal.url https://desk.example.com');
  }
  return url.toString().replace(/\/+$/, '');
}
