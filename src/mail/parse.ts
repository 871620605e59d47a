/**
 * RFC 822 → InboundMail, with mailparser (imported lazily: only `mail ingest` pays for it). Anything
 * that is not a well-formed message is refused with MailDataError (exit 65) before the database is
 * touched: no header section, binary junk, no sender, broken or truncated MIME.
 */
import { createHash } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { InboundAttachment, InboundMail, MailAddress } from '../desk/mail/intake.js';
import { MailDataError } from './errors.js';
import { detectRobot } from './robots.js';
import { stripReply } from './strip.js';

/**
 * HTML-only mail (also the HTML of a multipart/related with inline images) as plain text, with
 * html-to-text (already what mailparser uses; loaded only when a message has no text part).
 * Blockquotes become "> " lines, so quoted history is stripped as in plain-text mail.
 */
async function htmlText(html: string | false | undefined): Promise<string> {
  if (!html) return '';
  const { htmlToText } = await import('html-to-text');
  // Skipped images leave empty paragraphs behind: at most one blank line between paragraphs.
  return htmlToText(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'h1', options: { uppercase: false } }, { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
    ],
  }).replace(/\n{3,}/g, '\n\n');
}

/** Larger input is refused without parsing (a 50 MiB attachment is about 68 MiB encoded). */
export const MAX_MESSAGE_BYTES = 72 * 1024 * 1024;

const FIELD = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

interface Sections {
  /** The message as mailparser should read it: headers, one empty line, body. */
  normalized: Buffer;
  body: Buffer;
  /** The message as received, without an mbox `From ` line: what `mail original` gives back. */
  raw: Buffer;
}

/**
 * Splits the header section from the body the way Python's email package (feedparser) does: the
 * headers end at the first empty line, or at the first line that is neither a field nor a
 * continuation (a broken continuation, or a body with no empty line before it), which starts the body.
 */
function sections(input: Buffer): Sections {
  let start = 0;
  if (input.subarray(0, 5).toString('latin1') === 'From ') start = input.indexOf(0x0a) + 1 || input.length;
  const raw = start ? input.subarray(start) : input;
  const text = raw.toString('latin1');
  const lines = text.split('\n');
  if (!FIELD.test(lines[0]!.replace(/\r$/, '')) || text.slice(0, 64 * 1024).split(/\r?\n\r?\n/)[0]!.includes('\0')) {
    throw new MailDataError('not an RFC 822 message: it does not start with a header section', 'pass a whole message with its headers (From:, Subject:, …), e.g. a saved .eml file');
  }
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const next = offset + lines[i]!.length + 1;
    if (line === '') return { normalized: raw, body: raw.subarray(Math.min(next, raw.length)), raw };
    if (i > 0 && !FIELD.test(line) && !/^[ \t]/.test(line)) {
      // The body starts here: give the parser the empty line the sender left out.
      const eol = lines[0]!.endsWith('\r') ? '\r\n' : '\n';
      const body = raw.subarray(offset);
      return { normalized: Buffer.concat([raw.subarray(0, offset), Buffer.from(eol), body]), body, raw };
    }
    offset = next;
  }
  return { normalized: raw, body: Buffer.alloc(0), raw };
}

/** Refuses input that is not an RFC 822 message at all. */
function checkShape(input: Buffer): Sections {
  if (input.length === 0 || input.toString('latin1').trim() === '') throw new MailDataError('the message is empty');
  if (input.length > MAX_MESSAGE_BYTES) throw new MailDataError(`the message is larger than ${MAX_MESSAGE_BYTES / 1024 / 1024} MiB`);
  return sections(input);
}

/**
 * Refuses multipart messages whose boundary is missing or never used (there is nothing to read).
 * A missing closing boundary is not refused: like Python's email package, the last part runs to the end.
 */
function checkMime(parsed: ParsedMail, body: Buffer): void {
  const type = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (!type?.value?.toLowerCase().startsWith('multipart/')) return;
  const boundary = type.params?.boundary;
  if (!boundary) throw new MailDataError(`broken MIME: ${type.value} without a boundary`);
  if (!body.toString('latin1').includes(`--${boundary}`)) throw new MailDataError(`broken MIME: no part uses the boundary '${boundary}'`);
}

const ids = (value: string | string[] | undefined): string[] =>
  [...new Set((Array.isArray(value) ? value.join(' ') : value ?? '').match(/<[^<>\s]+>/g) ?? [])];

function addresses(objects: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  const visit = (list: AddressObject['value']) => {
    for (const a of list) {
      if (a.address) out.push({ address: a.address, name: a.name ?? '' });
      if (a.group) visit(a.group);
    }
  };
  for (const o of objects === undefined ? [] : Array.isArray(objects) ? objects : [objects]) visit(o.value);
  return out;
}

function attachmentsOf(parsed: ParsedMail): InboundAttachment[] {
  return parsed.attachments.map((a, i) => ({
    filename: safeName(a.filename) || `attachment-${i + 1}${extension(a.contentType)}`,
    contentType: a.contentType || 'application/octet-stream',
    content: a.content,
  }));
}

const safeName = (name: string | undefined) =>
  // eslint-disable-next-line no-control-regex -- control characters never reach a file name
  (name ?? '').replace(/[\\/]/g, '_').replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 200);
const extension = (type: string) =>
  ({ 'message/rfc822': '.eml', 'text/plain': '.txt', 'text/html': '.html', 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg' } as Record<string, string>)[type] ?? '';

/** Parses and validates one message; MailDataError (exit 65) when it is unacceptable. */
export async function parseMessage(input: Buffer): Promise<InboundMail> {
  const { body, raw, normalized } = checkShape(input);
  const { simpleParser } = await import('mailparser');
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(normalized, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  } catch (err) {
    throw new MailDataError(`malformed message: ${(err as Error).message}`);
  }
  checkMime(parsed, body);
  // A robot may send as "<>" or a bare MAILER-DAEMON: it is still filed (refusing a bounce bounces it).
  const from = addresses(parsed.from)[0] ?? (detectRobot(parsed, raw, '') ? { address: 'MAILER-DAEMON', name: '' } : undefined);
  if (!from) throw new MailDataError('no sender: the From header is missing or holds no address');
  const attachments = attachmentsOf(parsed);
  const text = (parsed.text?.trim() ? parsed.text : await htmlText(parsed.html)).replace(/\r\n?/g, '\n');
  if (text.trim() === '' && !parsed.html && attachments.length === 0 && body.toString('latin1').trim() !== '') {
    throw new MailDataError('broken MIME: the body could not be decoded');
  }
  const stripped = text.trim() === '' ? '' : stripReply(text);
  const robot = detectRobot(parsed, raw, from.address);
  return {
    messageId: ids(parsed.messageId)[0] ?? `<sha256.${createHash('sha256').update(raw).digest('hex')}@ingest.invalid>`,
    inReplyTo: ids(parsed.inReplyTo),
    references: ids(parsed.references),
    from,
    recipients: [...addresses(parsed.to), ...addresses(parsed.cc)],
    subject: (parsed.subject ?? '').trim(),
    body: stripped || (attachments.length ? '(no text; see the attachments)' : '(no text)'),
    originalText: text,
    autoGenerated: robot !== null,
    robot,
    attachments,
    raw,
  };
}
