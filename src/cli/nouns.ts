/**
 * Every top-level command, loaded only when used. `helpdesk ticket list` should not pay for the mail,
 * report or lab code (cold start is most of a command's time), so each noun is a dynamic import and
 * the program loads just the one on the command line — or all of them for help and suggestions.
 */
import type { Command } from 'commander';
import type { Factory } from './factory.js';
import { nounOf } from './noun-of.js';

/** Makes a noun's commands; `argv` lets a noun load only the verb named (verbs.ts). */
type Make = (f: Factory, program: Command, argv: readonly string[]) => Command[] | Promise<Command[]>;
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
  [['ticket'], async () => { const m = await import('./commands/ticket/index.js'); return async (f, _, argv) => [await m.newTicketCommand(f, argv)]; }],
  [['sla'], async () => { const m = await import('./commands/sla/index.js'); return (f) => [m.newSlaNounCommand(f)]; }],
  [['automate'], async () => { const m = await import('./commands/automate/index.js'); return (f) => [m.newAutomateCommand(f)]; }],
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
  [['status'], async () => { const m = await import('./commands/status/index.js'); return (f) => [m.newStatusNounCommand(f)]; }],
  [['canned'], async () => { const m = await import('./commands/canned/index.js'); return (f) => [m.newCannedCommand(f)]; }],
  [['export'], async () => { const m = await import('./commands/data/export.js'); return (f) => [m.newExportCommand(f)]; }],
  [['import'], async () => { const m = await import('./commands/data/import.js'); return (f) => [m.newImportCommand(f)]; }],
  [['backup'], async () => { const m = await import('./commands/data/backup.js'); return (f) => [m.newBackupCommand(f)]; }],
  [['restore'], async () => { const m = await import('./commands/data/restore.js'); return (f) => [m.newRestoreCommand(f)]; }],
  [['doctor'], async () => { const m = await import('./commands/data/doctor.js'); return (f) => [m.newDoctorCommand(f)]; }],
  [['serve'], async () => { const m = await import('./commands/server/serve.js'); return (f) => [m.newServeCommand(f)]; }],
  [['token'], async () => { const m = await import('./commands/server/token.js'); return (f) => [m.newTokenCommand(f)]; }],
  [['apikey'], async () => { const m = await import('./commands/server/apikey.js'); return (f) => [m.newApiKeyCommand(f)]; }],
  [['completion'], async () => { const m = await import('./commands/data/completion.js'); return (f) => [m.newCompletionCommand(f)]; }],
];

/** Completion needs the whole tree (every command and flag), and is hidden from help. */
const COMPLETE = '__complete';
const loadComplete = async (): Promise<Make> => {
  const m = await import('./commands/data/completion.js');
  return (f, program) => [m.newCompleteCommand(f, () => program)];
};

/**
 * Registers the commands for this command line: its noun's, or every one (help, suggestions, and
 * completion, which also gets its hidden helper).
 */
export async function addCommandsFor(program: Command, f: Factory, argv: readonly string[]): Promise<void> {
  const noun = nounOf(argv);
  const wanted = NOUNS.filter(([names]) => noun !== undefined && names.includes(noun));
  const load = wanted.length ? wanted : NOUNS;
  for (const make of await Promise.all(load.map(([, loader]) => loader()))) {
    for (const command of await make(f, program, argv)) program.addCommand(command);
  }
  if (noun === COMPLETE) for (const command of await (await loadComplete())(f, program, argv)) program.addCommand(command, { hidden: true });
}
