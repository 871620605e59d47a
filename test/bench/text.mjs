// Real-looking help desk text for the benchmark database: subjects, end users' messages, agents'
// replies and internal notes, assembled from phrases with products, error codes, host names and
// people, so the search index sees a natural mix of very common words ("the", "printer"), rarer
// ones and a long tail of codes. Deterministic for a given random source.
import { mulberry32 } from '../helpers/random.mjs';

const PRODUCTS = [
  'printer', 'Outlook', 'Excel', 'VPN client', 'laptop', 'docking station', 'monitor', 'keyboard', 'Wi-Fi', 'Teams',
  'Zoom', 'SAP', 'ERP', 'payroll portal', 'badge reader', 'phone', 'headset', 'Chrome', 'Firefox', 'Adobe Reader',
  'OneDrive', 'SharePoint', 'shared drive', 'scanner', 'webcam', 'mailbox', 'calendar', 'password', 'account',
  'MacBook', 'iPhone', 'Android phone', 'Windows update', 'antivirus', 'firewall', 'database', 'CRM', 'intranet',
  'online banking portal', 'ticket printer', 'label printer', 'projector', 'conference room display', 'desk phone',
  'Citrix session', 'remote desktop', 'file server', 'backup job', 'mobile app', 'expense tool', 'timesheet system',
];
const MODELS = [
  'HP LaserJet 4050', 'Canon iR-ADV C5535', 'Dell Latitude 7440', 'ThinkPad T14', 'Brother HL-L2350', 'Xerox VersaLink',
  'Surface Pro 9', 'Cisco 8845', 'Poly Voyager', 'Logitech C920', 'Epson WorkForce', 'Lenovo ThinkVision',
];
const SYMPTOMS = [
  'does not start', 'keeps crashing', 'shows an error', 'is very slow', 'keeps asking for my password',
  'cannot connect', 'freezes every few minutes', 'prints blank pages', 'will not sync', 'stopped working after the update',
  'says access denied', 'is stuck on loading', 'disconnects every hour', 'shows the wrong time', 'jams on every page',
  'will not let me log in', 'is missing from the list', 'sends duplicate emails', 'has a cracked screen', 'makes a loud noise',
  'runs out of disk space', 'cannot find the server', 'locked my account', 'lost all my settings', 'shows a blue screen',
];
const OPENINGS = [
  'Hi,', 'Hello,', 'Good morning,', 'Hi team,', 'Hello support,', 'Dear help desk,', 'Hey,', 'Good afternoon,',
];
const CONTEXT = [
  'since this morning', 'since yesterday afternoon', 'after the weekend', 'since the last update', 'when I am working from home',
  'only in the meeting room', 'every time I open a large file', 'when I connect to the docking station', 'since I changed my password',
  'on the second floor', 'at the branch office', 'for the whole team', 'only on Mondays', 'right before the payroll run',
];
const DETAILS = [
  'I already restarted it twice and the problem is still there.',
  'The error message says {code}.',
  'My colleague has the same problem on {host}.',
  'I tried a different cable but nothing changed.',
  'This is blocking the month end close, so it is quite urgent.',
  'I can still work on my other machine for now.',
  'The screen shows code {code} and then it closes.',
  'It worked fine until {weekday}.',
  'I need this for a customer meeting at {time}.',
  'Order number {order} is affected as well.',
  'Could you please have a look as soon as possible?',
  'I attached a screenshot of the error.',
  'Please call me on extension {ext} if you need more information.',
  'We are about {count} people in the office who cannot work.',
];
const CLOSINGS = ['Thanks,', 'Thank you,', 'Best regards,', 'Kind regards,', 'Cheers,', 'Many thanks,', 'Regards,'];
const REPLIES = [
  'thank you for reporting this. I have reset the {product} settings on your account; please try again and let me know.',
  'I can see the problem on {host}. I have pushed a fix; please restart your {product} and check again.',
  'we are aware of an issue with the {product} affecting several users. Our team is working on it and will update you.',
  'could you please send me the exact error message and a screenshot? That will help us find the cause.',
  'I have replaced the {product} driver with the latest version. The error {code} should be gone now.',
  'your account was locked after too many attempts. I have unlocked it; please set a new password at next login.',
  'the {product} on the second floor had a paper jam. It is fixed and printing again.',
  'I have scheduled a technician to visit your desk at {time} to replace the {product}.',
  'this should be resolved now. The server {host} was restarted and the queue is empty again.',
  'we need approval from your manager before we can install {product}. I have sent the request.',
  'please connect to the VPN first and then open the {product} again; it needs the internal network.',
  'I have increased your mailbox quota. You should be able to send and receive email again.',
];
const NOTES = [
  'Checked the logs on {host}: repeated {code} errors since {time}.',
  'Known issue with {product}, see the vendor advisory. Workaround applied.',
  'User called again; escalating to second line.',
  'Reinstalled the {product} remotely, waiting for the user to confirm.',
  'Hardware fault confirmed on the {model}; replacement ordered under order {order}.',
  'Password reset done after identity check by phone.',
  'Same root cause as the outage on {weekday}; linked the incident.',
  'Vendor case opened, reference {order}.',
];
const FIRST = ['Karen', 'Ken', 'Cliff', 'Alex', 'Maria', 'James', 'Priya', 'Liam', 'Sofia', 'Noah', 'Emma', 'Oliver', 'Aisha', 'Lucas', 'Chen', 'Fatima', 'Daniel', 'Mia', 'Ravi', 'Hannah'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** A small deterministic PRNG (mulberry32): the same seed always builds the same database. */
export function random(seed) {
  const next = mulberry32(seed);
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  /** Index into a list of weights. */
  const weighted = (weights) => {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = next() * total;
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) < 0) return i;
    return weights.length - 1;
  };
  /** A Zipf-like index in [0, n): small indexes are much more likely. */
  const zipf = (n) => Math.min(n - 1, Math.floor(Math.exp(next() * Math.log(n + 1))) - 1);
  return { next, int, pick, weighted, zipf };
}

export function textMaker(r) {
  const fill = (s) => s.replace(/\{(\w+)\}/g, (_, k) => {
    switch (k) {
      case 'code': return r.pick(['0x', 'ERR-', 'E', '']) + (0x1000 + r.int(0xfffff)).toString(16).toUpperCase();
      case 'host': return `${r.pick(['ws', 'srv', 'prn', 'lt', 'db', 'app'])}-${r.pick(['lon', 'nyc', 'ber', 'syd', 'hq'])}-${100 + r.int(9000)}`;
      case 'order': return String(4_000_000 + r.int(900_000));
      case 'time': return `${8 + r.int(9)}:${r.pick(['00', '15', '30', '45'])}`;
      case 'weekday': return r.pick(WEEKDAYS);
      case 'ext': return String(2000 + r.int(7000));
      case 'count': return String(3 + r.int(60));
      case 'product': return r.pick(PRODUCTS);
      case 'model': return r.pick(MODELS);
      default: return k;
    }
  });
  const product = () => (r.next() < 0.2 ? `${r.pick(MODELS)} ${r.pick(['printer', 'laptop', 'phone', 'monitor'])}` : r.pick(PRODUCTS));
  return {
    subject() {
      const p = product();
      const forms = [
        () => `${cap(p)} ${r.pick(SYMPTOMS)}`,
        () => `${cap(p)} ${r.pick(SYMPTOMS)} ${r.pick(CONTEXT)}`,
        () => `Problem with ${p}`,
        () => `Cannot use ${p}`,
        () => fill(`${cap(p)} error {code}`),
        () => `Request: new ${p}`,
        () => `Urgent: ${p} ${r.pick(SYMPTOMS)}`,
      ];
      return forms[r.weighted([5, 3, 2, 1, 1, 1, 1])]();
    },
    message(name) {
      const parts = [r.pick(OPENINGS), `my ${product()} ${r.pick(SYMPTOMS)} ${r.pick(CONTEXT)}.`];
      for (let i = 1 + r.int(3); i > 0; i--) parts.push(fill(r.pick(DETAILS)));
      parts.push('', r.pick(CLOSINGS), name);
      return parts.join(' ');
    },
    reply(userFirst, agentName) {
      return `Hello ${userFirst}, ${fill(r.pick(REPLIES))} ${r.next() < 0.5 ? fill(r.pick(DETAILS)) : ''}\n\n${r.pick(CLOSINGS)}\n${agentName}`;
    },
    followUp(name) {
      return `${r.pick(['Thanks, ', 'Hi again, ', 'Unfortunately ', 'Update: '])}${r.pick([
        'that fixed it.', 'it is still not working.', 'the problem came back this morning.', `now the ${product()} ${r.pick(SYMPTOMS)}.`,
        fill('I still get {code}.'), 'is there any news?',
      ])} ${name}`;
    },
    note() {
      return fill(r.pick(NOTES));
    },
    firstName: () => r.pick(FIRST),
  };
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
