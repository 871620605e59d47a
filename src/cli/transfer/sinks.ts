/**
 * Writing an export as it is produced: JSON (one record per line inside the document, so it streams
 * and greps) or CSV (one row per ticket, with a header row). Output goes through a buffered writer
 * to a file or stdout, so memory stays flat.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ExportHeader, ExportSink } from '../../desk/transfer/export.js';
import { MAIL_LISTS } from '../../desk/transfer/mail.js';
import { DELIVERIES } from '../../desk/transfer/webhook-section.js';
import type { UserRecord } from '../../desk/transfer/sections.js';
import type { TicketRecord } from '../../desk/transfer/tickets.js';

/** Buffered output. */
export interface Writer {
  write(text: string): void;
  /** Flushes; for a file, moves it into place. */
  close(): void;
  /** Drops a file that was not finished. */
  abort(): void;
  /** When the output is full (a slow pipe), resolves once it has taken what it was given. */
  ready?(): Promise<void> | undefined;
}

const FLUSH_AT = 1 << 16;

/** Writes to `path` through a private temporary file that replaces it only when complete. */
export function fileWriter(path: string): Writer {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const fd = openSync(tmp, 'w', 0o600);
  let buf = '';
  let open = true;
  const flush = () => {
    if (buf) writeSync(fd, buf);
    buf = '';
  };
  return {
    write(text) {
      buf += text;
      if (buf.length >= FLUSH_AT) flush();
    },
    close() {
      flush();
      closeSync(fd);
      open = false;
      renameSync(tmp, path);
    },
    abort() {
      if (open) closeSync(fd);
      open = false;
      rmSync(tmp, { force: true });
    },
  };
}

/**
 * Writes through `out` (stdout) in large chunks. `ready` tells when the stream behind `out` wants
 * no more for now: writes to a pipe are queued in memory, and an export (attachments included) is
 * far larger than memory should ever hold.
 */
export function streamWriter(out: (text: string) => void, ready?: () => Promise<void> | undefined): Writer {
  let buf = '';
  return {
    ready,
    write(text) {
      buf += text;
      if (buf.length >= FLUSH_AT) { out(buf); buf = ''; }
    },
    close() {
      if (buf) out(buf);
      buf = '';
    },
    abort() {
      buf = '';
    },
  };
}

/**
 * Lets the event loop run now and then: a long export is otherwise one unbroken run of resolved
 * promises, and a reader that went away (EPIPE) would only be noticed at the very end.
 */
let records = 0;
const breathe = (): Promise<void> | undefined => (++records % 256 === 0 ? new Promise((done) => setImmediate(done)) : undefined);

/** The top-level lists of a JSON export, in file order; each is written even when empty. */
const LISTS = ['users', 'tickets', ...MAIL_LISTS, DELIVERIES] as const;

export function jsonSink(w: Writer): ExportSink {
  /** The list being written (an index into LISTS; -1 before the first) and its length so far. */
  let open = -1;
  let count = 0;
  const head = (h: ExportHeader) => JSON.stringify(h).slice(0, -1);
  /** Closes the lists before `list` (writing the skipped ones empty) and opens it. */
  const into = (list: number) => {
    while (open < list) {
      w.write(open < 0 ? `,\n"${LISTS[++open]}":[` : `\n],\n"${LISTS[++open]}":[`);
      count = 0;
    }
  };
  const item = async (list: (typeof LISTS)[number], record: unknown) => {
    into(LISTS.indexOf(list));
    w.write(`${count++ ? ',' : ''}\n${JSON.stringify(record)}`);
    await w.ready?.();
    await breathe();
  };
  return {
    wantsOrganisation: true,
    wantsThread: true,
    async begin(h) {
      w.write(head(h));
    },
    async organisation(org) {
      const sections = Object.entries(org).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
      w.write(`,\n"organisation":{\n${sections.join(',\n')}\n}`);
    },
    user: (u: UserRecord) => item('users', u),
    ticket: (t: TicketRecord) => item('tickets', t),
    attachment: (a) => item('attachments', a),
    outboxMessage: (m) => item('mail_outbox', m),
    inboundMessage: (m) => item('mail_inbound', m),
    webhookDelivery: (d) => item(DELIVERIES, d),
    async end() {
      into(LISTS.length - 1);
      w.write('\n]}\n');
    },
  };
}

export const CSV_COLUMNS = [
  'number', 'subject', 'status', 'state', 'priority', 'department', 'topic', 'sla', 'assignee', 'team', 'user_name',
  'user_email', 'source', 'created_at', 'updated_at', 'due_at', 'overdue', 'first_response_due_at', 'first_response_at',
  'resolved_at', 'closed_at', 'reopened_count',
] as const;

/**
 * RFC 4180 quoting. Free text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe, so an end user's subject cannot become a formula on an admin's machine.
 */
export function csvField(value: string | number | boolean | null, freeText = false): string {
  if (value === null) return '';
  let s = String(value);
  if (freeText && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvSink(w: Writer): ExportSink {
  return {
    wantsOrganisation: false,
    wantsThread: false,
    async begin() {
      w.write(`${CSV_COLUMNS.join(',')}\r\n`);
    },
    async organisation() {},
    async user() {},
    async attachment() {},
    async outboxMessage() {},
    async inboundMessage() {},
    async webhookDelivery() {},
    async ticket(t) {
      const row: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null> = {
        ...t, user_name: t.user.name, user_email: t.user.email,
      };
      w.write(`${CSV_COLUMNS.map((c) => csvField(row[c], c === 'subject' || c === 'user_name')).join(',')}\r\n`);
      await w.ready?.();
      await breathe();
    },
    async end() {},
  };
}
