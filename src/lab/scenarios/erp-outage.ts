import { entries, isClosedState, userAnsweredAfterReply } from '../checks.js';
import type { Scenario } from '../types.js';
import { q, submit } from './common.js';

const CLIFF = 'cliff@example.com';

export const erpOutage: Scenario = {
  id: 'erp-outage',
  title: 'ERP outage: threaded questions with Cliff Tucker and a documented root cause',
  source: 'walkthrough-3',
  firstRole: 'john',
  briefing: `Cliff Tucker, an account executive, reports that the ERP system is throwing errors and that
manufacturing and sales are stuck. It could be server overload or the network. You are John: treat
it as critical, ask Cliff what exactly he and his colleagues see, find the root cause, document it,
and resolve the ticket.`,
  setup: (ctx) => submit(ctx, CLIFF, 'ERP system down: manufacturing and sales cannot work',
    'Since 9:00 the ERP shows "Service unavailable" for everyone in sales. Manufacturing says the same.'),
  steps: [
    {
      title: 'Raise the SLA plan to Sev-A', role: 'john',
      why: 'two departments are stopped: this is business-critical',
      done: (v) => v.ticket.sla === 'Sev-A',
      command: (n) => `ticket sla ${n} Sev-A`,
    },
    {
      title: 'Take ownership of the ticket', role: 'john',
      why: 'Cliff and the other teams need one contact',
      done: (v) => v.ticket.assignee !== null,
      command: (n) => `ticket assign ${n} --me`,
    },
    {
      title: 'Ask Cliff what the users see (a reply)', role: 'john',
      why: 'the exact error and who is affected separate a server problem from a network one',
      done: (v) => entries(v.ticket, 'reply').length >= 1,
      command: (n) => `ticket reply ${n} --body ${q('Which offices are affected, and does the error appear at login or only when saving orders?')}`,
    },
    {
      title: 'As Cliff, answer on the thread', role: CLIFF,
      why: 'the threaded discussion collects the evidence in one place',
      done: (v) => userAnsweredAfterReply(v.ticket),
      command: (n) => `ticket reply ${n} --body ${q('Both offices, right at login. The VPN users can log in fine.')}`,
    },
    {
      title: 'Document the root cause in an internal note', role: 'john',
      why: 'the next technician will search for this when it happens again',
      done: (v) => entries(v.ticket, 'note').length >= 1,
      command: (n) => `ticket note ${n} --body ${q('Root cause: a core switch ACL change blocked the ERP port for office subnets (VPN unaffected). ACL reverted; logins verified.')}`,
    },
    {
      title: 'Resolve the ticket', role: 'john',
      why: 'the network error is corrected and users are working again',
      done: (v) => isClosedState(v.ticket),
      command: (n) => `ticket status ${n} resolved`,
    },
  ],
};
