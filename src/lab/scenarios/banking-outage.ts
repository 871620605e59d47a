import { entries, isClosedState, reached, resolver } from '../checks.js';
import type { Scenario } from '../types.js';
import { q, submit } from './common.js';

const TRIAGE = ['john', 'admin'];

export const bankingOutage: Scenario = {
  id: 'banking-outage',
  title: 'Mobile/online banking is down: triage by the Help Desk, resolution by Online Banking',
  source: 'walkthrough-1, walkthrough-2',
  firstRole: 'john',
  briefing: `Karen Jones has just reported that customers cannot reach the mobile or online banking platform.
You are John on the Help Desk. The ticket arrived with the defaults (priority normal, Default SLA,
unassigned, Support), which do not match an outage of this size. Triage it, hand it to the Online
Banking team, then work it as Jane until it is resolved and Karen has been told.`,
  setup: (ctx) => submit(ctx, 'karen@example.com', 'Entire mobile/online banking system is down',
    'Customers cannot access the mobile or online banking platform. Please investigate urgently.'),
  steps: [
    {
      title: 'Raise the SLA plan to Sev-A (1 hour, 24/7)', role: 'john',
      why: 'the whole platform is down for every customer, so the default 18-hour plan is far too slow',
      done: (v) => v.ticket.sla === 'Sev-A',
      command: (n) => `ticket sla ${n} Sev-A`,
    },
    {
      title: 'Change the help topic to Business Critical Outage', role: 'john',
      why: 'the topic records what kind of problem this is, for routing and for reports',
      done: (v) => v.ticket.topic === 'Business Critical Outage',
      command: (n) => `ticket edit ${n} --topic ${q('Business Critical Outage')}`,
    },
    {
      title: 'Explain the changes in an internal note', role: 'john',
      why: 'the next agent must know why the ticket was escalated; notes are never shown to Karen',
      done: (v) => entries(v.ticket, 'note').some((e) => TRIAGE.includes(e.author)),
      command: (n) => `ticket note ${n} --body ${q('Raised to Sev-A: the outage stops every customer from banking. Routing to Online Banking.')}`,
    },
    {
      title: 'Assign the Online Banking Team', role: 'john',
      why: 'the team that owns the platform decides who takes it',
      done: (v) => v.ticket.team === 'Online Banking Team',
      command: (n) => `ticket assign ${n} --team ${q('Online Banking Team')}`,
    },
    {
      title: 'Transfer the ticket to the Online Banking department', role: 'john',
      why: 'Online Banking owns the systems involved; the ticket now lives in their queue',
      done: (v) => v.ticket.department === 'Online Banking',
      command: (n) => `ticket transfer ${n} --dept ${q('Online Banking')}`,
    },
    {
      title: 'As Jane, claim the ticket', role: 'jane',
      why: 'one named owner is the point of contact until the outage is over',
      done: (v) => v.ticket.assignee === 'jane',
      command: (n) => `ticket assign ${n} --me`,
    },
    {
      title: 'As Jane, reply to Karen with an update', role: 'jane',
      why: 'the end user hears from a person within the hour, not just from the system',
      done: (v) => entries(v.ticket, 'reply').some((e) => e.author === 'jane'),
      command: (n) => `ticket reply ${n} --body ${q('We are investigating the outage now and will update you within the hour.')}`,
    },
    {
      title: 'As Jane, set the status to In Progress', role: 'jane',
      why: 'the queue shows at a glance that someone is actively working it',
      done: (v) => reached(v.ticket, 'in-progress'),
      command: (n) => `ticket status ${n} in-progress`,
    },
    {
      title: 'As Jane, resolve it with a resolution note', role: 'jane',
      why: 'the note documents the root cause and the fix for the next time this happens',
      done: (v) => isClosedState(v.ticket) && entries(v.ticket, 'note').some((e) => e.author === resolver(v.ticket)),
      command: (n) => `ticket status ${n} resolved --note ${q('A recent update broke the application server. Rolled it back; logins and mobile transactions verified.')}`,
    },
  ],
};
