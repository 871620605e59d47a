import { entries, isClosedState } from '../checks.js';
import type { Scenario } from '../types.js';
import { q, submit } from './common.js';

export const adobeUpgrade: Scenario = {
  id: 'adobe-upgrade',
  title: "Accounting's Adobe upgrade is broken: a Sev-C ticket John handles himself",
  source: 'walkthrough-2',
  firstRole: 'john',
  briefing: `Ken Adams in Accounting reports that Adobe Acrobat stopped working after the upgrade. It is
annoying but not stopping the business. You are John on the Help Desk: judge the severity, take the
ticket yourself, keep Ken informed, and resolve it.`,
  setup: (ctx) => submit(ctx, 'ken@example.com', 'Accounting needs the Adobe upgrade fixed',
    'Since the upgrade Adobe Acrobat crashes when we open invoices. We can still use the browser viewer.'),
  steps: [
    {
      title: 'Assign the ticket to yourself', role: 'john',
      why: 'a low-impact desktop problem the Help Desk can fix without another team',
      done: (v) => v.ticket.assignee === 'john',
      command: (n) => `ticket assign ${n} --me`,
    },
    {
      title: 'Set the SLA plan to Sev-C (8 business hours)', role: 'john',
      why: 'there is a workaround, so business hours are the right clock',
      done: (v) => v.ticket.sla === 'Sev-C',
      command: (n) => `ticket sla ${n} Sev-C`,
    },
    {
      title: 'Reply to Ken with an update', role: 'john',
      why: 'Ken should know the ticket is owned and what happens next',
      done: (v) => entries(v.ticket, 'reply').length >= 1,
      command: (n) => `ticket reply ${n} --body ${q('I have your ticket and will repair the Acrobat install this afternoon.')}`,
    },
    {
      title: 'Reply again once the cause is found and fixed', role: 'john',
      why: 'close the loop: tell Ken what was wrong and that it works again',
      done: (v) => entries(v.ticket, 'reply').length >= 2,
      command: (n) => `ticket reply ${n} --body ${q('The upgrade left an old plug-in behind. I removed it and Acrobat opens invoices again.')}`,
    },
    {
      title: 'Set the status to Resolved', role: 'john',
      why: 'the work is done; the ticket leaves the open queue',
      done: (v) => isClosedState(v.ticket),
      command: (n) => `ticket status ${n} resolved`,
    },
  ],
};
