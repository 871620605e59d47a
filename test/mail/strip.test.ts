import { describe, expect, it } from 'vitest';
import { stripReply } from '../../src/mail/strip.js';

describe('stripReply', () => {
  it.each([
    ['Gmail attribution and quote', 'Works now, thanks!\n\nOn Mon, 2 Mar 2026 at 09:30, Help Desk <help@example.com> wrote:\n> Please update.\n> John', 'Works now, thanks!'],
    ['attribution wrapped on two lines', 'Fixed.\n\nOn Mon, 2 Mar 2026 at 09:30, Help Desk\n<help@example.com> wrote:\n> old', 'Fixed.'],
    ['Outlook header block', 'Still broken.\n\n________________________________\nFrom: Help Desk <help@example.com>\nSent: Monday, March 2, 2026 9:30 AM\nTo: Karen\nSubject: Re: VPN\n\nPlease update.', 'Still broken.'],
    ['Original Message separator', 'See below.\n-----Original Message-----\nFrom: x\nold text', 'See below.'],
    ['German attribution', 'Danke!\n\nAm 02.03.2026 um 09:30 schrieb Help Desk <help@example.com>:\n> alt', 'Danke!'],
    ['trailing > quote without attribution', 'Yes, please.\n\n> Shall I reset it?\n> John', 'Yes, please.'],
    ['signature after "-- "', 'Printer works.\n\n-- \nAlice Martin\nAccounts', 'Printer works.'],
    ['mobile signature', 'On my way\n\nSent from my iPhone', 'On my way'],
    ['CRLF line ends', 'Thanks\r\n\r\nOn Mon, Karen wrote:\r\n> hi', 'Thanks'],
  ])('%s', (_name, text, expected) => {
    expect(stripReply(text)).toBe(expected);
  });

  it('keeps inline answers between quoted lines', () => {
    const text = '> Which floor?\n3rd floor.\n> Which printer?\nHP-3F.';
    expect(stripReply(text)).toBe(text);
  });

  it('keeps a forwarded message: it is the content', () => {
    const text = 'FYI, this came in:\n\n---------- Forwarded message ---------\nFrom: Vendor <v@example.com>\nDate: Mon, 2 Mar 2026\nSubject: Outage\n\nOur service is down.';
    expect(stripReply(text)).toBe(text);
  });

  it('keeps the whole text when stripping would leave nothing', () => {
    expect(stripReply('> only a quote\n> nothing else')).toBe('> only a quote\n> nothing else');
  });

  it('does not take a long text after "--" for a signature', () => {
    const text = `Steps:\n--\n${Array.from({ length: 20 }, (_, i) => `step ${i}`).join('\n')}`;
    expect(stripReply(text)).toBe(text);
  });
});
