import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { backoffMinutes, nextAttemptAt } from '../../src/core/mail-retry.js';
import { formatSize, maskSmtpUrl, parseMailbox, parseSize, parseSmtpUrl, parseSwitch } from '../../src/core/mailbox.js';
import { checkTemplate, expandTemplate, ticketMailSubject, variablesFor } from '../../src/core/template.js';

describe('expandTemplate', () => {
  const values = { 'ticket.number': '100001', 'user.name': 'Karen Jones', message: 'Hi' };
  it.each([
    ['Ticket #%{ticket.number}', 'Ticket #100001'],
    ['%{user.name}: %{message}', 'Karen Jones: Hi'],
    ['%{ ticket.number }', '100001'],
    ['100%%{ticket.number} literal', '100%{ticket.number} literal'],
    ['no variables, 100% sure', 'no variables, 100% sure'],
    ['', ''],
  ])('%j → %j', (template, expected) => {
    expect(expandTemplate(template, values)).toBe(expected);
  });

  it.each([
    ['%{ticket.nubmer}', 'unknown variable %{ticket.nubmer}', /did you mean %\{ticket.number\}/],
    ['%{user.name', "unterminated %{ in the text: '%{user.name'", /close it with \}/],
    ['%{}', 'unknown variable %{}', /variables:/],
  ])('%j is refused', (template, message, hint) => {
    let err: unknown;
    try {
      expandTemplate(template, values);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toBe(message);
    expect((err as UsageError).hint).toMatch(hint);
  });

  it('checkTemplate knows which variables each template may use', () => {
    expect(checkTemplate('%{message} %{agent.name} %{message}', variablesFor('reply'))).toEqual(['message', 'agent.name']);
    expect(() => checkTemplate('%{message}', variablesFor('autoresponse'))).toThrow('unknown variable %{message}');
    expect(() => checkTemplate('%{message}', variablesFor('canned'))).toThrow(UsageError);
  });
});

describe('ticketMailSubject', () => {
  it.each([
    ['VPN drops', '100001', 'Re: VPN drops [#100001]'],
    ['Re: VPN drops', '100001', 'Re: VPN drops [#100001]'],
    ['RE: Fwd: AW: VPN drops [#100001]', '100001', 'Re: VPN drops [#100001]'],
    ['Re: [#100009] forged', '100010', 'Re: forged [#100010]'],
  ])('%j → %j', (subject, number, expected) => {
    expect(ticketMailSubject(subject, number)).toBe(expected);
  });
});

describe('mail settings', () => {
  it.each([
    ['Help Desk <help@example.com>', { name: 'Help Desk', address: 'help@example.com' }],
    ['"IT, Help" <HELP@Example.com>', { name: 'IT, Help', address: 'help@example.com' }],
    ['help@example.com', { name: '', address: 'help@example.com' }],
  ])('parseMailbox(%j)', (text, expected) => expect(parseMailbox(text)).toEqual(expected));
  it('parseMailbox accepts a single-label domain', () => expect(parseMailbox('<help@localhost>')).toEqual({ name: '', address: 'help@localhost' }));
  it.each(['', 'Help Desk', '<help@>', 'a b@example.com'])('parseMailbox(%j) is refused', (text) => {
    expect(() => parseMailbox(text)).toThrow(UsageError);
  });

  it.each([
    ['smtp://mail.example.com', { secure: false, host: 'mail.example.com', port: 587, user: null, hasPassword: false }],
    ['smtps://u%40x:p@mail.example.com', { secure: true, host: 'mail.example.com', port: 465, user: 'u@x', hasPassword: true }],
    ['smtp://127.0.0.1:2525', { secure: false, host: '127.0.0.1', port: 2525, user: null, hasPassword: false }],
  ])('parseSmtpUrl(%j)', (text, expected) => expect(parseSmtpUrl(text)).toEqual(expected));
  it.each(['mail.example.com', 'http://mail.example.com', 'smtp://', 'smtp:///x'])('parseSmtpUrl(%j) is refused', (text) => {
    expect(() => parseSmtpUrl(text)).toThrow(UsageError);
  });

  it.each([
    ['smtp://bob:s3cret@host:25', 'smtp://bob:****@host:25'],
    ['smtps://bob:p%40ss@host', 'smtps://bob:****@host'],
    ['smtp://bob@host', 'smtp://bob@host'],
    ['smtp://host', 'smtp://host'],
  ])('maskSmtpUrl(%j) → %j', (text, expected) => expect(maskSmtpUrl(text)).toBe(expected));

  it('switches and sizes', () => {
    expect(['on', 'YES', 'true', '1'].map((v) => parseSwitch(v, 'k'))).toEqual(['on', 'on', 'on', 'on']);
    expect(['off', 'No', 'false', '0'].map((v) => parseSwitch(v, 'k'))).toEqual(['off', 'off', 'off', 'off']);
    expect(() => parseSwitch('maybe', 'k')).toThrow('k must be on or off');
    expect(['10M', '512K', '2MiB', '2048'].map((v) => parseSize(v, 'k'))).toEqual([10485760, 524288, 2097152, 2048]);
    expect(() => parseSize('100', 'k')).toThrow('between 1K and 50M');
    expect(() => parseSize('51M', 'k')).toThrow('between 1K and 50M');
    expect(() => parseSize('ten', 'k')).toThrow('is not a size');
    expect([512, 2048, 1536, 20 * 1024 * 1024].map(formatSize)).toEqual(['512 B', '2 KiB', '1.5 KiB', '20 MiB']);
  });
});

describe('retry backoff', () => {
  it('doubles from 5 minutes and stops growing at 4 hours', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map(backoffMinutes)).toEqual([5, 10, 20, 40, 80, 160, 240, 240, 240]);
    expect(nextAttemptAt(new Date('2026-03-02T10:00:00Z'), 2)).toBe('2026-03-02T10:10:00.000Z');
  });
});
