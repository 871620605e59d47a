/**
 * Every top-level command, loaded only when used. `helpdesk ticket list` should not pay for the mail,
 * report or lab code (cold start is most of a command's time), so each noun is a dynamic import and
 * the program loads just the one on the command line — or all of them for help and suggestions.
 */
import type { Command } from 'commander';
import type { Factory } from './factory.js';

type Make = (f: Factory) => Command[];
type Loader = () => Promise<Make>;

/** [the names a noun answers to, its loader], in the order help lists them. */
export const NOUNS: ReadonlyArray<[readonly string[], Loader]> = [
  [['init'], async () => { const m = await import('./commands/init.js'); return (f) => [m.newInitCommand(f)]; }],
  [['login', 'switch'], async () => {
    const m = await import('./commands/identity/login.js');
    return (f) => [m.newLoginCommand(f), m.newSwitchCommand(f)];
  }],
  [['whoami'], async () => { const m = await import('./commands/identity/whoami.js'); return (f) => [m.newWhoamiCommand(f)]; }],
  [['logout'], async () => { const m = await import('./commands/identity/logout.js'); return (f) => [m.newLogoutCommand(f)]; }],
  [['ticket'], async () => { const m = await import('./commands/ticket/index.js'); return (f) => [m.newTicketCommand(f)]; }],
  [['sla'], async () => { const m = await import('./commands/sla/index.js'); return (f) => [m.newSlaNounCommand(f)]; }],
  [['schedule'], async () => { const m = await import('./commands/schedule/index.js'); return (f) => [m.newScheduleCommand(f)]; }],
  [['report'], async () => { const m = await import('./commands/report.js'); return (f) => [m.newReportCommand(f)]; }],
  [['agent'], async () => { const m = await import('./commands/agent/index.js'); return (f) => [m.newAgentCommand(f)]; }],
  [['user'], async () => { const m = await import('./commands/user/index.js'); return (f) => [m.newUserCommand(f)]; }],
  [['dept'], async () => { const m = await import('./commands/dept/index.js'); return (f) => [m.newDeptCommand(f)]; }],
  [['team'], async () => { const m = await import('./commands/team/index.js'); return (f) => [m.newTeamCommand(f)]; }],
  [['topic'], async () => { const m = await import('./commands/topic/index.js'); return (f) => [m.newTopicCommand(f)]; }],
  [['role'], async () => { const m = await import('./commands/role/index.js'); return (f) => [m.newRoleCommand(f)]; }],
  [['lab'], async () => { const m = await import('./commands/lab/index.js'); return (f) => [m.newLabCommand(f)]; }],
  [['config'], async () => { const m = await import('./commands/config/index.js'); return (f) => [m.newConfigCommand(f)]; }],
  [['mail'], async () => { const m = await import('./commands/mail/index.js'); return (f) => [m.newMailCommand(f)]; }],
  [['canned'], async () => { const m = await import('./commands/canned/index.js'); return (f) => [m.newCannedCommand(f)]; }],
];

const VALUE_OPTIONS = new Set(['--db', '--as']);

/** The first word on the command line that is not a global option or its value. */
export function nounOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (VALUE_OPTIONS.has(arg)) { i++; continue; }
    if (arg.startsWith('-')) continue;
    return arg;
  }
  return undefined;
}

/** The commands to register for this command line: its noun's, or every one (help, suggestions). */
export async function commandsFor(f: Factory, argv: readonly string[]): Promise<Command[]> {
  const noun = nounOf(argv);
  const wanted = NOUNS.filter(([names]) => noun !== undefined && names.includes(noun));
  const load = wanted.length ? wanted : NOUNS;
  const makers = await Promise.all(load.map(([, loader]) => loader()));
  return makers.flatMap((make) => make(f));
}
