import type { Scenario } from '../types.js';
import { q, submit } from './common.js';

const CHANGES = ['edit', 'reply', 'note', 'assign', 'transfer', 'status', 'close'] as const;

export const escalation: Scenario = {
  id: 'escalation',
  title: 'Escalation: a Sev-A ticket moved to SysAdmins vanishes from John until the admin grants View Only',
  source: 'walkthrough-2',
  firstRole: 'john',
  briefing: `Cliff Tucker reports that the file server is unreachable for the whole office. You are John on
the Help Desk. Raise it to Sev-A and escalate it to the SysAdmins department. Watch it disappear
from your queue: you have no access to SysAdmins. Then, as the admin, give John View Only access to
SysAdmins — he can follow the ticket again but cannot change it.`,
  watch: ['john'],
  setup: (ctx) => submit(ctx, 'cliff@example.com', 'File server unreachable for the whole office',
    'Nobody can open the shared drive since 8:00. Error: the network path was not found.'),
  steps: [
    {
      title: 'Raise the SLA plan to Sev-A', role: 'john',
      why: 'everyone is blocked: this is a business-critical outage',
      done: (v) => v.ticket.sla === 'Sev-A',
      command: (n) => `ticket sla ${n} Sev-A`,
    },
    {
      title: 'Transfer it to SysAdmins (it then disappears from your view)', role: 'john',
      why: 'servers belong to the SysAdmins; John has no access to their department',
      done: (v) => v.ticket.department === 'SysAdmins',
      command: (n) => `ticket transfer ${n} --dept SysAdmins`,
    },
    {
      title: 'As the admin, grant John View Only access to SysAdmins', role: 'admin',
      why: 'the Help Desk should be able to tell callers how the outage is going',
      done: (v) => v.ticket.department === 'SysAdmins' && v.abilities.john?.has('view') === true,
      command: () => `agent access john --dept SysAdmins --role ${q('View Only')}`,
    },
    {
      title: 'As John, look at the ticket again: you can view it but not change it', role: 'john',
      why: 'View Only means exactly that: no replies, notes, assignments or status changes',
      done: (v) => v.abilities.john?.has('view') === true && CHANGES.every((a) => !v.abilities.john!.has(a)),
      command: (n) => `ticket show ${n}`,
    },
  ],
};
