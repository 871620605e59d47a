/**
 * Mail written by machines: bounces (delivery status notifications) and auto-replies (out of office,
 * vacation, list and bulk mail). They are never answered automatically, never reopen a ticket and
 * never open one (RFC 3834; osTicket's auto-reply and bounce checks are the floor). A bounce of our
 * own message names its Message-ID, so that the outbox can mark it.
 */
import type { ParsedMail } from 'mailparser';
import type { InboundRobot } from '../desk/intake.js';

/** A header's value as lower-case text: mailparser gives objects for structured headers. */
function header(parsed: ParsedMail, name: string): string | null {
  const v = parsed.headers.get(name);
  if (v === undefined) return null;
  if (typeof v === 'string') return v.trim().toLowerCase();
  if (Array.isArray(v)) return v.map(String).join(' ').toLowerCase();
  const o = v as { value?: unknown; text?: unknown };
  // Return-Path and From come as address objects ({ value: [...], text: '<>' }).
  if (typeof o.text === 'string') return o.text.trim().toLowerCase();
  return String(o.value ?? '').trim().toLowerCase();
}

const ROBOT_SENDER = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)(?:@|$)/i;
const AUTO_SUBJECT = /^(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office(?: reply| autoreply)?|abwesenheitsnotiz|automatische antwort|réponse automatique|respuesta automática|risposta automatica|automatisch antwoord|autosvar|automaattinen vastaus)\s*:/i;
const BULK = new Set(['bulk', 'junk', 'list', 'auto_reply']);

/** Why this message was written by a machine, or null when a person wrote it. */
function robotReason(parsed: ParsedMail, raw: string, sender: string): { kind: 'bounce' | 'auto-reply'; why: string } | null {
  const type = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value?.toLowerCase() === 'multipart/report' && (type.params?.['report-type'] ?? '').toLowerCase() === 'delivery-status') {
    return { kind: 'bounce', why: 'a delivery status notification' };
  }
  if (header(parsed, 'x-failed-recipients') !== null) return { kind: 'bounce', why: 'X-Failed-Recipients' };
  if (ROBOT_SENDER.test(sender)) return { kind: /^Action:\s*failed/im.test(raw) || /^Final-Recipient:/im.test(raw) ? 'bounce' : 'auto-reply', why: `sent by ${sender}` };
  const auto = header(parsed, 'auto-submitted');
  if (auto !== null && auto !== 'no') return { kind: 'auto-reply', why: `Auto-Submitted: ${auto}` };
  for (const name of ['x-autoreply', 'x-autorespond', 'x-mail-autoreply', 'x-auto-response-suppress']) {
    const v = header(parsed, name);
    if (v !== null && v !== 'no') return { kind: 'auto-reply', why: name.replace(/(^|-)(\w)/g, (_m, d: string, c: string) => d + c.toUpperCase()) };
  }
  for (const name of ['precedence', 'x-precedence']) {
    const v = header(parsed, name);
    if (v !== null && BULK.has(v)) return { kind: 'auto-reply', why: `${name === 'precedence' ? 'Precedence' : 'X-Precedence'}: ${v}` };
  }
  if (emptyReturnPath(parsed, raw)) return { kind: 'auto-reply', why: 'an empty return path' };
  if (AUTO_SUBJECT.test((parsed.subject ?? '').trim())) return { kind: 'auto-reply', why: 'an automatic reply subject' };
  return null;
}

/** `Return-Path: <>`, the null sender of RFC 5321: mailparser reads it as an address list with no address. */
function emptyReturnPath(parsed: ParsedMail, raw: string): boolean {
  const v = parsed.headers.get('return-path') as { value?: Array<{ address?: string }> } | string | undefined;
  if (v === undefined) return false;
  if (typeof v === 'string') return v.trim() === '<>' || v.trim() === '';
  if (Array.isArray(v.value)) return v.value.every((a) => !a.address);
  return /^Return-Path:[ \t]*<>[ \t]*$/im.test(headerText(raw));
}

const headerText = (raw: string) => raw.slice(0, Math.max(0, raw.search(/\r?\n\r?\n/)));

/** The first match of `re` in the delivery-status part (or the whole message), trimmed. */
function field(text: string, re: RegExp): string | null {
  const m = re.exec(text);
  return m ? m[1]!.replace(/\s+/g, ' ').trim() : null;
}

/** What failed and why, from the delivery-status part: "ken@example.com: 550 5.1.1 user unknown". */
function bounceReason(status: string, parsed: ParsedMail): { failed: boolean; reason: string } {
  const actions = [...status.matchAll(/^Action:[ \t]*(\S+)/gim)].map((m) => m[1]!.toLowerCase());
  // "delayed" is a warning that the server keeps trying: not a bounce.
  const failed = actions.length === 0 || actions.includes('failed');
  const recipient = field(status, /^Final-Recipient:[ \t]*(?:[^;\r\n]*;)?[ \t]*(.+)$/im) ?? field(status, /^X-Failed-Recipients:[ \t]*(.+)$/im);
  const diagnostic = field(status, /^Diagnostic-Code:[ \t]*(?:[^;\r\n]*;)?[ \t]*(.+(?:\r?\n[ \t]+.+)*)/im)
    ?? field(status, /^Status:[ \t]*(\d\.\d{1,3}\.\d{1,3})/im)
    ?? (parsed.text ?? '').split('\n').map((l) => l.trim()).find((l) => l.length > 10)?.slice(0, 200) ?? 'no reason given';
  return { failed, reason: `bounced: ${recipient ? `${recipient}: ` : ''}${diagnostic}`.slice(0, 1000) };
}

/** Message-IDs the bounce quotes from the message that did not arrive (its headers are inside). */
function quotedMessageIds(raw: string): string[] {
  const body = raw.slice(headerText(raw).length);
  return [...new Set([...body.matchAll(/^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]+>)/gim)].map((m) => m[1]!))];
}

/** Classifies one parsed message; null when a person wrote it. */
export function detectRobot(parsed: ParsedMail, raw: Buffer, sender: string): InboundRobot | null {
  const text = raw.toString('latin1');
  const robot = robotReason(parsed, text, sender);
  if (!robot) return null;
  if (robot.kind !== 'bounce') return { kind: 'auto-reply', why: robot.why, bounce: null };
  const part = parsed.attachments.find((a) => a.contentType === 'message/delivery-status');
  const status = part ? part.content.toString('utf8') : text;
  const { failed, reason } = bounceReason(status, parsed);
  return { kind: 'bounce', why: robot.why, bounce: { failed, reason, messageIds: quotedMessageIds(text) } };
}
