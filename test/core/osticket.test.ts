import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { htmlToText, isOsTicketPayload, messageText, parseOsTicketPayload } from '../../src/core/osticket.js';

// The JSON example of osTicket's setup/doc/api/tickets.md, attachments included.
const DOC_EXAMPLE = {
  alert: true, autorespond: true, source: 'API', name: 'Angry User', email: 'api@osticket.com', phone: '3185558634X123',
  subject: 'Testing API', ip: '123.211.233.122', message: 'MESSAGE HERE',
  attachments: [{ 'file.txt': 'data:text/plain;charset=utf-8,content' }],
};

describe('osTicket API payloads', () => {
  it("reads osTicket's documented example as a new ticket with source api", () => {
    expect(isOsTicketPayload(DOC_EXAMPLE)).toBe(true);
    expect(parseOsTicketPayload(DOC_EXAMPLE)).toEqual({
      name: 'Angry User', email: 'api@osticket.com', subject: 'Testing API', body: 'MESSAGE HERE', source: 'api',
      ignored: ['phone', 'ip', 'attachments'],
    });
  });

  it('maps the stock priority ids and accepts a priority name and a help topic name', () => {
    const base = { name: 'N', email: 'n@example.com', subject: 'S', message: 'M' };
    expect(parseOsTicketPayload({ ...base, priorityId: 4 }).priority).toBe('emergency');
    expect(parseOsTicketPayload({ ...base, priorityId: '1' }).priority).toBe('low');
    expect(parseOsTicketPayload({ ...base, priority: 'High', topic: 'Password Reset' })).toMatchObject({ priority: 'high', topic: 'Password Reset' });
    expect(parseOsTicketPayload({ ...base, source: 'Email' }).source).toBe('email');
    expect(parseOsTicketPayload({ ...base, source: 'Kiosk' }).source).toBe('api');
  });

  it('decodes RFC 2397 messages and flattens HTML', () => {
    expect(messageText('data:text/plain;base64,SGVsbG8gd29ybGQ=')).toBe('Hello world');
    expect(messageText('data:text/html,<p>Printer <b>jam</b></p><p>3rd&nbsp;floor &amp; more</p>')).toBe('Printer jam\n3rd floor & more');
    expect(messageText('data:,a%20b')).toBe('a b');
    expect(htmlToText('<ul><li>one</li><li>two</li></ul><script>x()</script>line<br>break &#233;')).toBe('- one\n- two\nline\nbreak é');
  });

  const bad: Array<[string, object, RegExp]> = [
    ['no email', { name: 'N', subject: 'S', message: 'M' }, /missing: expected an object with name, email, subject and message/],
    ['bad email', { name: 'N', email: 'nope', subject: 'S', message: 'M' }, /'email' 'nope' is not an email address/],
    ['empty name', { name: ' ', email: 'n@example.com', subject: 'S', message: 'M' }, /'name' must be a non-empty string/],
    ['empty message', { name: 'N', email: 'n@example.com', subject: 'S', message: '' }, /'message' must be a non-empty string/],
    ['unknown priority id', { name: 'N', email: 'n@example.com', subject: 'S', message: 'M', priorityId: 9 }, /'priorityId' must be 1 \(low\)/],
  ];
  it.each(bad)('%s is a usage error naming the field', (_name, payload, message) => {
    expect(() => parseOsTicketPayload(payload)).toThrow(UsageError);
    expect(() => parseOsTicketPayload(payload)).toThrow(message);
  });

  it('a helpdesk export is not mistaken for a payload', () => {
    expect(isOsTicketPayload({ format: 'helpdesk-export', subject: 'x', message: 'y', email: 'z' })).toBe(false);
    expect(isOsTicketPayload([DOC_EXAMPLE])).toBe(false);
  });
});
