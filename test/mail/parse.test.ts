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
