import { entries, resolver } from '../checks.js';
import type { Scenario } from '../types.js';
import { q, submit } from './common.js';

export const cfoLaptop: Scenario = {
  id: 'cfo-laptop',
  title: "The CFO's laptop will not turn on: Sev-B, Support, resolved by John",
  source: 'walkthrough-2',
  firstRole: 'john',
  briefing: `Ken Adams reports on behalf of the CFO that her laptop no longer turns on. One executive
without a laptop is serious but not an outage. You are John on the Help Desk: set the right
severity, keep the ticket with Support, take it, and resolve it yourself.`,
  setup: (ctx) => submit(ctx, 'ken@example.com', "CFO's laptop will no longer turn on",
    'The CFO pressed the power button several times this morning; nothing happens, no lights. She has board meetings today.',
    { topic: 'Report a Problem' }),
  steps: [
    {
      title: 'Set the SLA plan to Sev-B (4 hours, 24/7)', role: 'john',
      why: 'an executive cannot work, but the business as a whole can',
      done: (v) => v.ticket.sla === 'Sev-B',
      command: (n) => `ticket sla ${n} Sev-B`,
    },
    {
      title: 'Assign it to yourself', role: 'john',
      why: 'John will fix it in person',
      done: (v) => v.ticket.assignee === 'john',
      command: (n) => `ticket assign ${n} --me`,
    },
    {
      title: 'Tell Ken what was wrong', role: 'john',
      why: 'the requester hears the outcome from a person',
      done: (v) => entries(v.ticket, 'reply').length >= 1,
      command: (n) => `ticket reply ${n} --body ${q('The battery was fully drained and the charger faulty. I swapped the charger; the laptop boots again.')}`,
    },
    {
      title: 'Resolve the ticket as John, keeping it in Support', role: 'john',
      why: 'hardware is the Help Desk\'s job: the ticket stays in Support and counts toward the Sev-B target',
      done: (v) => v.ticket.state === 'closed' && resolver(v.ticket) === 'john' && v.ticket.department === 'Support',
      command: (n) => `ticket status ${n} resolved`,
    },
  ],
};
