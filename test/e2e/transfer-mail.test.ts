/**
 * Export and import of what mail adds, through the built binary: attachments (binary,
 * non-ASCII names, a large one), collaborators, the outbox in every delivery state, ingested
 * messages, canned responses and a customised template survive export → import into an empty
 * database field by field, and the moved help desk still threads answers and ignores mail it has
 * seen. A damaged mail record rejects the whole file naming it; version 1 files still import.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, query, sandbox, type Sandbox } from '../helpers/cli.js';
import { startSmtp } from '../helpers/smtp.js';

let s: Sandbox;
const at = (iso: string) => ({ env: { HELPDESK_NOW: iso } });
const NOW = at('2026-03-10T12:00:00Z');
const V1 = resolve(import.meta.dirname, '../fixtures/transfer/export-v1.json');
const STATUS_NAMES: Record<string, string> = { open: 'Open', 'in-progress': 'In Progress', 'awaiting-response': 'Awaiting Response', resolved: 'Resolved', closed: 'Closed' };

/** Every byte value, then UTF-8 text: content that any text decoding on the way would damage. */
const BINARY = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('Ω\r\n\0end', 'utf8')]);
const BINARY_NAME = 'Résumé 製品.bin';
/** 3 MiB of deterministic noise: many chunks of the streamed reader, and the writer's buffer. */
const LARGE = Buffer.alloc(3 * 1024 * 1024);
for (let i = 0, x = 7; i < LARGE.length; i++) LARGE[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;

interface Part { name: string; type: string; content: Buffer }
/** A message as a mail program writes it, with RFC 2231 file names. */
function message(o: { from: string; cc?: string; id: string; inReplyTo?: string; subject: string; text: string; parts?: Part[] }): string {
  const head = [
    `From: ${o.from}`, 'To: Help Desk <help@example.com>', ...(o.cc ? [`Cc: ${o.cc}`] : []), `Subject: ${o.subject}`,
    'Date: Mon, 2 Mar 2026 09:00:00 +0000', `Message-ID: ${o.id}`, ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []), 'MIME-Version: 1.0',
  ];
  if (!o.parts?.length) return [...head, 'Content-Type: text/plain; charset=utf-8', '', o.text, ''].join('\r\n');
  const parts = o.parts.map((p) => {
    const name = `UTF-8''${encodeURIComponent(p.name)}`;
    const b64 = p.content.toString('base64').replace(/.{76}/g, '$&\r\n');
    return [`--b0und`, `Content-Type: ${p.type}; name*=${name}`, `Content-Disposition: attachment; filename*=${name}`,
      'Content-Transfer-Encoding: base64', '', b64].join('\r\n');
  });
  return [...head, 'Content-Type: multipart/mixed; boundary="b0und"', '', '--b0und', 'Content-Type: text/plain; charset=utf-8', '',
    o.text, ...parts, '--b0und--', ''].join('\r\n');
}

const FIRST = message({
  from: 'Ana Lúcia <ana@example.org>', cc: 'Bob Stone <bob@example.org>', id: '<scan.1@example.org>', subject: 'Scanner firmware',
  text: 'Firmware and a scan attached.',
  parts: [{ name: BINARY_NAME, type: 'application/octet-stream', content: BINARY }, { name: 'scan.tiff', type: 'image/tiff', content: LARGE }],
});

const ok = (args: string[], when: string, input?: string) => {
  const r = s.hd(args, { ...at(when), input });
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const outboxId = (n: number) => query<{ message_id: string }>(s.db, 'SELECT message_id FROM outbox WHERE id = ?', n)[0]!.message_id;
let exportFile: string;
let copy: string;

beforeAll(async () => {
  s = sandbox();
  ok(['init', '--sample', 'lab'], '2026-03-01T08:00:00Z');
  ok(['--as', 'admin', 'config', 'set', 'mail.from', 'Help Desk <help@example.com>'], '2026-03-01T08:00:00Z');
  ok(['--as', 'admin', 'config', 'set', 'mail.autoresponse', 'on'], '2026-03-01T08:00:00Z');
  // #100001 from mail, Bob copied: the auto-response is outbox 1.
  expect(ok(['mail', 'ingest', '-'], '2026-03-02T09:00:00Z', FIRST)).toBe('100001\n');
  ok(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'Which model?'], '2026-03-02T09:30:00Z');
  // Outbox 1 and 2 are delivered (sent, with sent_at), through a real SMTP server.
  const smtp = await startSmtp();
  try {
    ok(['--as', 'admin', 'config', 'set', 'mail.smtp', `smtp://127.0.0.1:${smtp.port}`], '2026-03-02T09:31:00Z');
    expect((await s.hdAsync(['mail', 'send'], at('2026-03-02T09:32:00Z'))).code).toBe(0);
  } finally {
    await smtp.close();
  }
  // Bob answers John's reply by its Message-ID, with a file; John mails a note with one.
  ok(['mail', 'ingest', '-'], '2026-03-02T10:00:00Z', message({
    from: 'Bob Stone <bob@example.org>', id: '<bob.1@example.org>', inReplyTo: outboxId(2), subject: 'Re: Scanner firmware [#100001]',
    text: 'Model S-200, log attached.', parts: [{ name: 'notes.txt', type: 'text/plain', content: Buffer.from('E042 jam\n') }],
  }));
  ok(['mail', 'ingest', '-'], '2026-03-02T10:30:00Z', message({
    from: 'John <john@helpdesk.example.com>', id: '<john.1@helpdesk.example.com>', inReplyTo: outboxId(2), subject: 'Re: Scanner firmware [#100001]',
    text: 'Vendor advisory attached.', parts: [{ name: 'advisory.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4\n%\xe2\xe3\n', 'latin1') }],
  }));
  // A reply that cannot be delivered: pending, one attempt, an error, a later next attempt.
  ok(['--as', 'john', 'ticket', 'reply', '100001', '--body', 'Flash firmware 2.1, please.'], '2026-03-02T11:00:00Z');
  ok(['--as', 'admin', 'config', 'set', 'mail.smtp', 'smtp://127.0.0.1:1'], '2026-03-02T11:01:00Z');
  s.hd(['mail', 'send'], at('2026-03-02T11:02:00Z'));
  // #100002 from the web: its own auto-response, and no attachments.
  ok(['--as', 'karen@example.com', 'ticket', 'create', '--subject', 'Monitor flickers', '--body', 'Since Monday.'], '2026-03-03T09:00:00Z');
  ok(['--as', 'admin', 'canned', 'add', 'Résumé réponse', '--body', 'Hi %{user.first_name}, see the attached résumé.'], '2026-03-04T09:00:00Z');
  ok(['--as', 'admin', 'canned', 'add', 'Firmware', '--body', 'Please update.'], '2026-03-04T09:00:00Z');
  ok(['--as', 'admin', 'canned', 'add', 'Firmware', '--body', 'Please update to %{ticket.number}.', '--replace'], '2026-03-05T09:00:00Z');
  ok(['--as', 'admin', 'mail', 'template', 'set', 'reply', '--body', 'Hello %{user.first_name},\n\n%{message}\n\n— Ünïcode Desk'], '2026-03-06T09:00:00Z');
  exportFile = join(s.dir, 'export.json');
  const r = s.hd(['--as', 'admin', 'export', '--out', exportFile], NOW);
  expect(r).toMatchObject({ code: 0, stdout: '', stderr: `Exported 2 tickets (with 4 attachments and 7 mail messages) and 6 end users to ${exportFile}\n` });
  copy = join(s.dir, 'copy.db');
}, 60_000);
afterAll(() => s.cleanup());

/** Every column of every row the mail issue added, in id order (an import into an empty database keeps the ids). */
const MAIL_TABLES = {
  attachments: 'SELECT * FROM attachments ORDER BY id',
  outbox: 'SELECT * FROM outbox ORDER BY id',
  inbound_messages: 'SELECT * FROM inbound_messages ORDER BY id',
  ticket_collaborators: 'SELECT t.number, u.email FROM ticket_collaborators c JOIN tickets t ON t.id = c.ticket_id JOIN users u ON u.id = c.user_id ORDER BY 1, 2',
  // Written in title order, so their ids are not kept (nothing shows them).
  canned_responses: 'SELECT title, body, created_at, updated_at FROM canned_responses ORDER BY title',
  mail_templates: 'SELECT * FROM mail_templates ORDER BY name',
  // Attachments and ingested messages point at entries by id: those are kept too. (Agents are
  // written by username, so their ids may change.)
  thread_entries: `SELECT e.id, e.ticket_id, e.kind, a.username, e.author_user_id, e.title, e.body, e.created_at
    FROM thread_entries e LEFT JOIN agents a ON a.id = e.author_agent_id ORDER BY e.id`,
};
/** Blobs as digests: a deep comparison of megabytes byte by byte as objects would be slow, and says no more. */
const digested = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) =>
  [k, Buffer.isBuffer(v) ? `sha256:${createHash('sha256').update(v).digest('hex')}:${v.length}` : v]));
const tables = (db: string): Record<string, any[]> => Object.fromEntries(Object.entries(MAIL_TABLES).map(([k, sql]) => [k, query(db, sql).map(digested)]));

describe('round trip', () => {
  it('export → import into an empty database → the same rows, field by field, and a byte-identical export', () => {
    const r = s.hd(['--db', copy, 'import', exportFile], NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe([
      'Imported 2 tickets and 6 end users (6 new).',
      'Organisation: roles 4 new; schedules 1 new; sla plans 4 new; departments 4 new; agents 3 new; teams 1 new; topics 4 new; ' +
        'canned responses 2 new; mail templates 1 new.',
      'Mail: 4 attachments, 4 outgoing messages, 3 ingested messages.',
      "The help desk was empty: it now has the file's organisation; logged in as admin.",
      '',
    ].join('\n'));
    const before = tables(s.db);
    expect(before.attachments).toHaveLength(4);
    expect(before.outbox!.map((o: { status: string }) => o.status)).toEqual(['sent', 'sent', 'pending', 'pending']);
    expect(before.ticket_collaborators).toEqual([{ number: '100001', email: 'bob@example.org' }]);
    expect(tables(copy)).toEqual(before);
    const again = join(s.dir, 'again.json');
    expect(s.hd(['--db', copy, 'export', '--out', again], NOW).code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(exportFile))).toBe(true);
  });

  it('what people see is the same: tickets, attachments, the outbox, ingested mail, canned responses, templates', () => {
    const views: string[][] = [
      ['--as', 'admin', 'ticket', 'show', '100001'], ['--as', 'admin', 'ticket', 'show', '100002'],
      ['--as', 'bob@example.org', 'ticket', 'show', '100001'], ['--as', 'admin', 'mail', 'outbox'],
      ['--as', 'admin', 'mail', 'inbound'], ['--as', 'admin', 'canned', 'list'], ['--as', 'admin', 'mail', 'template', 'list'],
    ];
    for (const v of views) expect(s.json(['--db', copy, ...v], NOW), v.join(' ')).toEqual(s.json(v, NOW));
    const shown = s.json(['--db', copy, '--as', 'admin', 'ticket', 'show', '100001'], NOW);
    expect(shown.attachments.map((a: { name: string; size: number; thread_index: number }) => [a.name, a.size, a.thread_index])).toEqual([
      [BINARY_NAME, BINARY.length, 0], ['scan.tiff', LARGE.length, 0], ['notes.txt', 9, 2], ['advisory.pdf', 13, 3],
    ]);
    expect(shown.thread.map((e: { kind: string }) => e.kind)).toEqual(['message', 'reply', 'message', 'note', 'reply']);
    // The end user never sees what came with the agent's note.
    const bobs = s.json(['--db', copy, '--as', 'bob@example.org', 'ticket', 'show', '100001'], NOW);
    expect(bobs.attachments.map((a: { name: string }) => a.name)).toEqual([BINARY_NAME, 'scan.tiff', 'notes.txt']);
  });

  it('attachment contents and original messages come back byte for byte', () => {
    for (const [which, content] of [[BINARY_NAME, BINARY], ['scan.tiff', LARGE]] as const) {
      const out = join(s.dir, `${createHash('sha1').update(which).digest('hex')}.out`);
      expect(s.hd(['--db', copy, '--as', 'john', 'ticket', 'attachment', '100001', which, '--out', out]).code).toBe(0);
      expect(readFileSync(out).equals(content)).toBe(true);
    }
    expect(s.hd(['--db', copy, '--as', 'john', 'mail', 'original', '1']).stdout).toBe(FIRST);
  });

  it('the moved help desk ignores mail it already took in and threads answers to notifications sent before the move', () => {
    const desk = join(s.dir, 'moved.db');
    expect(s.hd(['--db', desk, 'import', exportFile], NOW).code).toBe(0);
    const again = s.hd(['--db', desk, 'mail', 'ingest', '-'], { ...NOW, input: FIRST });
    expect(again).toMatchObject({ code: 0, stdout: '100001\n', stderr: 'Already ingested (<scan.1@example.org>): #100001; ignored\n' });
    // Carol got the auto-response forwarded: no [#number] she may use, only our Message-ID.
    const answer = s.hd(['--db', desk, 'mail', 'ingest', '-'], {
      ...NOW, input: message({ from: 'Carol <carol@example.org>', id: '<carol.1@example.org>', inReplyTo: outboxId(1), subject: 'Fwd: thanks', text: 'Same here.' }),
    });
    expect(answer).toMatchObject({ code: 0, stdout: '100001\n' });
    expect(query(desk, "SELECT u.email FROM ticket_collaborators c JOIN users u ON u.id = c.user_id ORDER BY u.email").map((r) => r.email))
      .toEqual(['bob@example.org', 'carol@example.org']);
  });
});

describe('the file', () => {
  const doc = () => JSON.parse(readFileSync(exportFile, 'utf8'));

  it('version 2: collaborators on the ticket, canned responses and customised templates in the organisation', () => {
    const d = doc();
    expect(Object.keys(d)).toEqual(['format', 'version', 'exported_at', 'filters', 'organisation', 'users', 'tickets', 'attachments', 'mail_outbox', 'mail_inbound', 'webhook_deliveries']);
    expect(d.version).toBe(3);
    expect(d.tickets.map((t: { collaborators: string[] }) => t.collaborators)).toEqual([['bob@example.org'], []]);
    expect(d.organisation.canned_responses).toEqual([
      { title: 'Firmware', body: 'Please update to %{ticket.number}.', created_at: '2026-03-04T09:00:00.000Z', updated_at: '2026-03-05T09:00:00.000Z' },
      { title: 'Résumé réponse', body: 'Hi %{user.first_name}, see the attached résumé.', created_at: '2026-03-04T09:00:00.000Z', updated_at: '2026-03-04T09:00:00.000Z' },
    ]);
    expect(d.organisation.mail_templates).toEqual([
      { name: 'reply', body: 'Hello %{user.first_name},\n\n%{message}\n\n— Ünïcode Desk', updated_at: '2026-03-06T09:00:00.000Z' },
    ]);
    // Secrets stay out: the SMTP URL is not in the settings.
    expect(Object.keys(d.organisation.settings)).not.toContain('mail.smtp');
  });

  it('one record per line: an attachment with its content in base64, size and digest', () => {
    const text = readFileSync(exportFile, 'utf8');
    expect(text.split('\n').filter((l) => /^\{"ticket":"100001","thread_index":\d,"name":/.test(l))).toHaveLength(4);
    expect(doc().attachments[0]).toEqual({
      ticket: '100001', thread_index: 0, name: BINARY_NAME, type: 'application/octet-stream', size: BINARY.length,
      sha256: createHash('sha256').update(BINARY).digest('hex'), created_at: '2026-03-02T09:00:00.000Z', content: BINARY.toString('base64'),
    });
  });

  it('the outbox keeps Message-IDs and delivery state; ingested messages keep their source', () => {
    const d = doc();
    expect(d.mail_outbox.map((m: Record<string, unknown>) => [m.ticket, m.kind, m.status, m.attempts, m.sent_at !== null, m.last_error !== null]))
      .toEqual([
        ['100001', 'autoresponse', 'sent', 1, true, false], ['100001', 'reply', 'sent', 1, true, false],
        ['100001', 'reply', 'pending', 1, false, true], ['100002', 'autoresponse', 'pending', 0, false, false],
      ]);
    expect(d.mail_outbox[1]).toMatchObject({ to: 'ana@example.org', message_id: outboxId(2), in_reply_to: '<scan.1@example.org>' });
    expect(d.mail_inbound.map((m: Record<string, unknown>) => [m.ticket, m.thread_index, m.message_id, m.outcome, m.from])).toEqual([
      ['100001', 0, '<scan.1@example.org>', 'created', 'ana@example.org'],
      ['100001', 2, '<bob.1@example.org>', 'message', 'bob@example.org'],
      ['100001', 3, '<john.1@helpdesk.example.com>', 'note', 'john@helpdesk.example.com'],
    ]);
    expect(Buffer.from(d.mail_inbound[0].raw, 'base64').toString('utf8')).toBe(FIRST);
  });

  it('filters choose the mail with the tickets; CSV stays one row per ticket', () => {
    const only = JSON.parse(s.hd(['--as', 'admin', 'export', '--user', 'karen@example.com'], NOW).stdout);
    expect(only.tickets.map((t: { number: string }) => t.number)).toEqual(['100002']);
    expect(only.attachments).toEqual([]);
    expect(only.mail_inbound).toEqual([]);
    expect(only.mail_outbox.map((m: { ticket: string; kind: string }) => [m.ticket, m.kind])).toEqual([['100002', 'autoresponse']]);
    const csv = s.hd(['--as', 'admin', 'export', '--format', 'csv'], NOW).stdout.split('\r\n');
    expect(csv[0]).toBe('number,subject,status,state,priority,department,topic,sla,assignee,team,user_name,user_email,source,created_at,updated_at,due_at,overdue,first_response_due_at,first_response_at,resolved_at,closed_at,reopened_count');
    expect(csv).toHaveLength(4);
  });
});

/** Changes the one record (line) of the file that starts with `start`. */
function editRecord(text: string, start: string, change: (record: Record<string, any>) => void): string {
  let found = 0;
  const out = text.split('\n').map((line) => {
    if (!line.startsWith(start)) return line;
    found++;
    const comma = line.endsWith(',');
    const record = JSON.parse(comma ? line.slice(0, -1) : line) as Record<string, any>;
    change(record);
    return JSON.stringify(record) + (comma ? ',' : '');
  }).join('\n');
  if (found !== 1) throw new Error(`${found} records start with ${start}`);
  return out;
}
const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;

describe('a damaged mail record rejects the whole file, naming it', () => {
  let target: string;
  beforeAll(() => {
    target = join(s.dir, 'target.db');
    expect(s.hd(['--db', target, 'init', '--sample', 'lab'], NOW).code).toBe(0);
  });
  const BIN_REC = `{"ticket":"100001","thread_index":0,"name":"${BINARY_NAME}"`;
  const NOTES_REC = '{"ticket":"100001","thread_index":2,"name":"notes.txt"';
  const flipped = (b64: string) => { const b = Buffer.from(b64, 'base64'); b[10]! ^= 0xff; return b.toString('base64'); };

  const variants: Array<[string, (t: string) => string, (t: string) => string]> = [
    ['bad base64', (t) => editRecord(t, BIN_REC, (r) => { r.content = `${r.content.slice(0, 40)}!${r.content.slice(41)}`; }),
      (t) => `bad record attachments[0] (line ${lineOf(t, BIN_REC)}) (#100001, '${BINARY_NAME}'): 'content' is not valid base64`],
    ['base64 cut short', (t) => editRecord(t, NOTES_REC, (r) => { r.content = r.content.slice(0, -1); }),
      (t) => `bad record attachments[2] (line ${lineOf(t, NOTES_REC)}) (#100001, 'notes.txt'): 'content' is not valid base64`],
    ['a size that is not the content', (t) => editRecord(t, BIN_REC, (r) => { r.size += 1; }),
      (t) => `bad record attachments[0] (line ${lineOf(t, BIN_REC)}) (#100001, '${BINARY_NAME}'): 'size' is ${BINARY.length + 1} but the content holds ${BINARY.length} bytes`],
    ['content changed on the way', (t) => editRecord(t, BIN_REC, (r) => { r.content = flipped(r.content); }),
      (t) => `bad record attachments[0] (line ${lineOf(t, BIN_REC)}) (#100001, '${BINARY_NAME}'): 'sha256' does not match the content (the file is damaged)`],
    ['a thread entry the ticket does not have', (t) => editRecord(t, NOTES_REC, (r) => { r.thread_index = 9; }),
      (t) => `bad record attachments[2] (line ${lineOf(t, '{"ticket":"100001","thread_index":9')}): 'thread_index' is 9 but ticket #100001 has 5 thread entries`],
    ['a ticket not in the file', (t) => editRecord(t, NOTES_REC, (r) => { r.ticket = '100077'; }),
      (t) => `bad record attachments[2] (line ${lineOf(t, '{"ticket":"100077"')}): 'ticket' names #100077, which is not among the tickets before it in the file`],
    ['an outbox message with a bad status', (t) => t.replace('"status":"pending","attempts":0', '"status":"queued","attempts":0'),
      (t) => `bad record mail_outbox[3] (line ${lineOf(t, '{"ticket":"100002","kind":"autoresponse"')}): 'status' must be one of pending, sent, failed, bounced (got 'queued')`],
    ['an ingested message whose source is not base64', (t) => editRecord(t, '{"ticket":"100001","thread_index":2,"message_id":"<bob.1', (r) => { r.raw = 'not base64 at all'; }),
      (t) => `bad record mail_inbound[1] (line ${lineOf(t, '{"ticket":"100001","thread_index":2,"message_id"')}): 'raw' is not valid base64`],
    ['a canned response with an unknown variable', (t) => t.replace('Please update to %{ticket.number}.', 'Please update to %{ticket.nubmer}.'),
      () => "bad record organisation.canned_responses[0]: 'body': unknown variable %{ticket.nubmer}"],
    ['a template that does not exist', (t) => t.replace('[{"name":"reply","body":"Hello', '[{"name":"goodbye","body":"Hello'),
      () => "bad record organisation.mail_templates[0]: 'name' must be one of reply, autoresponse, resolved, sla-alert, reminder, sla-warning (got 'goodbye')"],
    ['a Message-ID twice in the file', (t) => editRecord(t, '{"ticket":"100002","kind":"autoresponse"', (r) => { r.message_id = outboxId(1); }),
      (t) => `bad record mail_outbox[3] (line ${lineOf(t, '{"ticket":"100002","kind":"autoresponse"')}): its 'message_id' appears more than once in mail_outbox`],
  ];
  it.each(variants)('%s → exit 2, nothing imported', (_name, change, message) => {
    const text = change(readFileSync(exportFile, 'utf8'));
    const file = join(s.dir, 'bad.json');
    writeFileSync(file, text);
    const before = dbDigest(target);
    const r = s.hd(['--db', target, '--as', 'admin', 'import', file], NOW);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`helpdesk: ${message(text)}`);
    expect(r.code).toBe(2);
    expect(dbDigest(target)).toBe(before);
  });

  it('a Message-ID this help desk already has → exit 5, nothing imported', () => {
    // The same mail under other ticket numbers, into the copy that holds it already.
    const text = readFileSync(exportFile, 'utf8').replace(/"1000(0[12])"/g, '"2000$1"');
    const file = join(s.dir, 'renumbered.json');
    writeFileSync(file, text);
    const before = dbDigest(copy);
    const r = s.hd(['--db', copy, '--as', 'admin', 'import', file], NOW);
    expect(r.stderr).toBe(`helpdesk: mail_outbox[0] (line ${lineOf(text, '{"ticket":"200001","kind":"autoresponse"')}): Message-ID ${outboxId(1)} is already in this help desk; nothing was imported\n` +
      'hint: an export can be imported once; import it into another database\n');
    expect(r.code).toBe(5);
    expect(dbDigest(copy)).toBe(before);
  });
});

describe('versions', () => {
  it('a version 1 export (before mail) still imports, and exports again as version 3 with nothing lost', () => {
    const db = join(s.dir, 'v1.db');
    const r = s.hd(['--db', db, 'import', V1], NOW);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe([
      'Imported 2 tickets and 5 end users (5 new).',
      'Organisation: roles 4 new; schedules 1 new; sla plans 4 new; departments 4 new; agents 3 new; teams 1 new; topics 4 new.',
      "The help desk was empty: it now has the file's organisation; logged in as admin.",
      '',
    ].join('\n'));
    const v1 = JSON.parse(readFileSync(V1, 'utf8'));
    const v2 = JSON.parse(s.hd(['--db', db, '--as', 'admin', 'export'], NOW).stdout);
    expect(v2).toEqual({
      ...v1, version: 3,
      organisation: { ...v1.organisation, canned_responses: [], mail_templates: [], statuses: [], webhooks: [] },
      // status_name: how people read the status, for built-ins their display name.
      tickets: v1.tickets.map((t: { status: string }) => ({ ...t, collaborators: [], status_name: STATUS_NAMES[t.status] })),
      attachments: [], mail_outbox: [], mail_inbound: [], webhook_deliveries: [],
    });
    expect(v2.tickets[0].thread.map((e: { kind: string }) => e.kind)).toEqual(['message', 'reply', 'note', 'note']);
  });

  it.each([
    ['4', "helpdesk: the file is export version 4; this helpdesk reads versions 1 to 3\nhint: upgrade helpdesk to import it\n"],
    ['"2"', "helpdesk: the file's 'version' must be a whole number ≥ 1 (got \"2\")\nhint: import files written by helpdesk export\n"],
  ])('version %s → exit 2', (version, stderr) => {
    const file = join(s.dir, 'version.json');
    writeFileSync(file, readFileSync(exportFile, 'utf8').replace('"version":3', `"version":${version}`));
    const fresh = join(s.dir, 'never.db');
    expect(s.hd(['--db', fresh, 'import', file], NOW)).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('into a help desk that has its own', () => {
  it('canned responses and customised templates it already has are kept; the others are added', () => {
    const other = join(s.dir, 'other.db');
    expect(s.hd(['--db', other, 'init', '--sample', 'lab'], NOW).code).toBe(0);
    expect(s.hd(['--db', other, '--as', 'admin', 'canned', 'add', 'firmware', '--body', 'Ours.'], NOW).code).toBe(0);
    expect(s.hd(['--db', other, '--as', 'admin', 'mail', 'template', 'set', 'reply', '--body', 'Our %{message}'], NOW).code).toBe(0);
    const r = s.json(['--db', other, '--as', 'admin', 'import', exportFile], NOW);
    expect(r.organisation).toMatchObject({ canned_responses: { created: 1, existing: 1 }, mail_templates: { created: 0, existing: 1 } });
    expect(r).toMatchObject({ tickets: 2, attachments: 4, mail_outbox: 4, mail_inbound: 3 });
    expect(s.json(['--db', other, '--as', 'admin', 'canned', 'list']).map((c: { title: string; body: string }) => [c.title, c.body]))
      .toEqual([['firmware', 'Ours.'], ['Résumé réponse', 'Hi %{user.first_name}, see the attached résumé.']]);
    expect(s.json(['--db', other, '--as', 'admin', 'mail', 'template', 'show', 'reply']).body).toBe('Our %{message}');
    expect(s.json(['--db', other, '--as', 'admin', 'ticket', 'show', '100001'], NOW).attachments).toHaveLength(4);
  });
});
