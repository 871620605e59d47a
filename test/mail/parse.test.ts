/**
 * parseMessage on HTML answers: the HTML of Gmail and Outlook replies is turned into text first, so
 * their quoted history is stripped as in plain-text mail.
 */
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse.js';

const html = (body: string) => Buffer.from([
  'From: Karen Jones <karen@example.com>', 'To: help@example.com', 'Subject: Re: VPN drops [#100001]',
  'Message-ID: <html.reply.1@example.com>', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', body,
].join('\r\n'));

describe('parseMessage: HTML answers', () => {
  it('Gmail: the gmail_quote block goes, the answer stays', async () => {
    const m = await parseMessage(html('<div dir="ltr">Updated to 5.2, still drops.<br><br>Karen</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 2 Mar 2026 at 09:30, Help Desk &lt;<a href="mailto:help@example.com">help@example.com</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0 0 0 .8ex">Please update the VPN client.<br>--<br>John</blockquote></div>'));
    expect(m.body).toBe('Updated to 5.2, still drops.\n\nKaren');
    expect(m.robot).toBeNull();
  });

  it("Outlook: the divRplyFwdMsg header block goes", async () => {
    const m = await parseMessage(html('<div>Still broken after the update.</div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Help Desk &lt;help@example.com&gt;<br><b>Sent:</b> Monday, March 2, 2026 9:30 AM<br><b>To:</b> Karen Jones &lt;karen@example.com&gt;<br><b>Subject:</b> Re: VPN drops [#100001]</font><div>&nbsp;</div></div><div>Please update the VPN client.</div>'));
    expect(m.body).toBe('Still broken after the update.');
  });

  it('a bottom-posted HTML answer keeps the text below the quote', async () => {
    const m = await parseMessage(html('<div>On Mon, 2 Mar 2026 at 09:30, Help Desk &lt;help@example.com&gt; wrote:</div><blockquote>Which version do you run?</blockquote><div>5.1.4 on Windows 11.</div>'));
    expect(m.body).toBe('5.1.4 on Windows 11.');
  });
});

const dsn = (action: string) => Buffer.from([
  'From: MAILER-DAEMON@mx.example.net', 'To: help@example.com', 'Subject: Delivery Status Notification', 'Message-ID: <dsn.1@mx.example.net>',
  'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
  '--b', 'Content-Type: text/plain', '', 'Delivery to the following recipient has been delayed: ken@example.com', '--b',
  'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.net', '', 'Final-Recipient: rfc822; ken@example.com',
  `Action: ${action}`, 'Status: 4.4.7', '--b', 'Content-Type: text/rfc822-headers', '', 'Message-ID: <helpdesk.100001.abc@example.com>', '--b--', '',
].join('\r\n'));

describe('parseMessage: delivery status notifications', () => {
  it('a failed DSN is a bounce naming the Message-ID it returns', async () => {
    const m = await parseMessage(dsn('failed'));
    expect(m.robot).toEqual({
      kind: 'bounce', why: 'a delivery status notification',
      bounce: { failed: true, reason: 'bounced: ken@example.com: 4.4.7', messageIds: ['<helpdesk.100001.abc@example.com>'] },
    });
  });

  it('a delayed DSN is a notice, not a bounce: nothing will be marked', async () => {
    const m = await parseMessage(dsn('delayed'));
    expect(m.robot?.kind).toBe('bounce');
    expect(m.robot?.bounce?.failed).toBe(false);
  });
});
