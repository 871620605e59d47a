import { closedAfterConfirmation, entries, reached } from '../checks.js';
import type { Scenario } from '../types.js';
import { q, submit } from './common.js';

const ALEX = 'alex@example.com';

export const cameraDriver: Scenario = {
  id: 'camera-driver',
  title: "Alex Kamal's laptop camera after Windows 11: a driver fix, closed on confirmation",
  source: 'walkthrough-3',
  firstRole: 'john',
  briefing: `Alex Kamal in Sales says his laptop's built-in camera stopped working after the Windows 11
upgrade, and he lives on video calls with clients. You are John: take the ticket, tell Alex what you
found (an outdated driver) and wait for him to test, document the steps, and close the ticket only
once Alex confirms the camera works.`,
  setup: (ctx) => submit(ctx, ALEX, 'Laptop camera not working after Windows 11 upgrade',
    'Since the upgrade, Teams and Zoom say no camera was found. I have client calls all week.'),
  steps: [
    {
      title: 'Take the ticket', role: 'john',
      why: 'Alex needs one person to work with',
      done: (v) => v.ticket.assignee !== null,
      command: (n) => `ticket assign ${n} --me`,
    },
    {
      title: 'Tell Alex it is a driver issue and wait for him to test', role: 'john',
      why: 'Awaiting Response shows the ball is in the user\'s court',
      done: (v) => entries(v.ticket, 'reply').length >= 1 && reached(v.ticket, 'awaiting-response'),
      command: (n) => `ticket reply ${n} --status awaiting-response --body ${q('Windows 11 is using an outdated camera driver. I installed the manufacturer driver remotely and rebooted; please test a video call and let me know.')}`,
    },
    {
      title: 'Document the troubleshooting steps in an internal note', role: 'john',
      why: 'a dated record of what was checked and changed',
      done: (v) => entries(v.ticket, 'note').length >= 1,
      command: (n) => `ticket note ${n} --body ${q('Device Manager: camera listed as unknown device after upgrade. Installed vendor driver 10.0.22, rebooted remotely.')}`,
    },
    {
      title: 'As Alex, confirm the camera works', role: ALEX,
      why: 'his reply moves the ticket from Awaiting Response back to Open',
      done: (v) => v.ticket.events.some((e) => e.type === 'status' && e.data.from === 'awaiting-response' && e.actor === ALEX),
      command: (n) => `ticket reply ${n} --body ${q('Works now, thank you! Just had a client call with video.')}`,
    },
    {
      title: 'Close the ticket after the confirmation', role: 'john',
      why: 'closing on the user\'s confirmation, not before',
      done: (v) => closedAfterConfirmation(v.ticket),
      command: (n) => `ticket status ${n} closed`,
    },
  ],
};
