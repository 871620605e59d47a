import { entries, replyAfterUserAnswer, userAnsweredAfterReply } from '../checks.js';
import type { Scenario } from '../types.js';
import { q, submit } from './common.js';

const KAREN = 'karen@example.com';

export const passwordReset: Scenario = {
  id: 'password-reset',
  title: 'Password reset for Karen Jones: verify identity, reset, guide, document, close',
  source: 'walkthrough-3',
  firstRole: 'john',
  briefing: `Karen Jones in Marketing forgot her recently changed password. The self-service reset failed
because her security answers were not recognised — and she realised her account still lists an old
email address. You are John: verify that it really is Karen before touching the account, reset the
password, guide her so it does not happen again, document what you did, and close the ticket.`,
  setup: (ctx) => submit(ctx, KAREN, 'Cannot log in: forgot my new password',
    'I changed my password last week and cannot remember it. The Forgot Password page does not accept my security answers.',
    { topic: 'Password Reset' }),
  steps: [
    {
      title: 'Take the ticket', role: 'john',
      why: 'account changes need one accountable owner',
      done: (v) => v.ticket.assignee !== null,
      command: (n) => `ticket assign ${n} --me`,
    },
    {
      title: 'Ask Karen to verify her identity, and wait for her answer', role: 'john',
      why: 'never reset a password for someone who has only claimed to be the user',
      done: (v) => entries(v.ticket, 'reply').length >= 1 && v.ticket.events.some((e) => e.type === 'status' && e.data.to === 'awaiting-response'),
      command: (n) => `ticket reply ${n} --status awaiting-response --body ${q('Before I reset anything: please confirm your employee ID and the last four digits of your desk phone.')}`,
    },
    {
      title: 'As Karen, answer the verification question', role: KAREN,
      why: 'the end user replies on the ticket; her answer sets it back to Open',
      done: (v) => userAnsweredAfterReply(v.ticket),
      command: (n) => `ticket reply ${n} --body ${q('Employee ID 40721, desk phone ends in 5512.')}`,
    },
    {
      title: 'Reset the password and guide Karen (a reply)', role: 'john',
      why: 'tell her the temporary password rules and how to update her recovery email',
      done: (v) => replyAfterUserAnswer(v.ticket),
      command: (n) => `ticket reply ${n} --body ${q('Identity verified. I set a temporary password (sent by text) that you must change at first login. Please also update your recovery email under Profile > Security.')}`,
    },
    {
      title: 'Document the reset in an internal note', role: 'john',
      why: 'an auditable record of who verified what and when',
      done: (v) => entries(v.ticket, 'note').length >= 1,
      command: (n) => `ticket note ${n} --body ${q('Identity verified by employee ID and desk phone. Password reset, change forced at next login. Old recovery email flagged.')}`,
    },
    {
      title: 'Close the ticket', role: 'john',
      why: 'the request is complete',
      done: (v) => v.ticket.status === 'closed',
      command: (n) => `ticket status ${n} closed`,
    },
  ],
};
