/**
 * Every command helpdesk has, declared once: the names a noun or verb answers to, the file it lives
 * in (relative to src/cli), and how it is loaded. nouns.ts and verbs.ts register commands from it;
 * src/build/build.mjs bundles each noun (and each verb of a noun with a verb table) from it.
 * Each `load` imports its `module` by a literal path, so the bundler sees it: keep the two the same
 * (the build checks that they load the same module, and fails otherwise).
 */
import type { Command } from 'commander';
import type { Factory } from './factory.js';

/** Makes a noun's commands; `argv` lets a noun load only the verb named (verbs.ts). */
export type Make = (f: Factory, program: Command, argv: readonly string[]) => Command[] | Promise<Command[]>;
export type MakeVerb = (f: Factory) => Command;

export interface VerbEntry {
  names: readonly string[];
  module: string;
  load: () => Promise<MakeVerb>;
}

export interface NounEntry {
  names: readonly string[];
  module: string;
  load: () => Promise<Make>;
  /** The noun's verbs, each loaded (and bundled) on its own; absent when the noun builds all its verbs. */
  verbs?: readonly VerbEntry[];
}

const verb = (names: readonly string[], module: string, load: () => Promise<MakeVerb>): VerbEntry => ({ names, module, load });

/** The ticket verbs, in the order help lists them. */
export const TICKET_VERBS: readonly VerbEntry[] = [
  verb(['create'], './commands/ticket/create.js', async () => (await import('./commands/ticket/create.js')).newCreateCommand),
  verb(['list'], './commands/ticket/list.js', async () => (await import('./commands/ticket/list.js')).newListCommand),
  verb(['show'], './commands/ticket/show.js', async () => (await import('./commands/ticket/show.js')).newShowCommand),
  verb(['assign'], './commands/ticket/assign.js', async () => (await import('./commands/ticket/assign.js')).newAssignCommand),
  verb(['transfer'], './commands/ticket/transfer.js', async () => (await import('./commands/ticket/transfer.js')).newTransferCommand),
  verb(['edit'], './commands/ticket/edit.js', async () => (await import('./commands/ticket/edit.js')).newEditCommand),
  verb(['sla'], './commands/ticket/sla.js', async () => (await import('./commands/ticket/sla.js')).newSlaCommand),
  verb(['sla-explain'], './commands/ticket/sla-explain.js', async () => (await import('./commands/ticket/sla-explain.js')).newSlaExplainCommand),
  verb(['reply'], './commands/ticket/reply.js', async () => (await import('./commands/ticket/reply.js')).newReplyCommand),
  verb(['note'], './commands/ticket/note.js', async () => (await import('./commands/ticket/note.js')).newNoteCommand),
  verb(['status'], './commands/ticket/status.js', async () => (await import('./commands/ticket/status.js')).newStatusCommand),
  verb(['reopen'], './commands/ticket/reopen.js', async () => (await import('./commands/ticket/reopen.js')).newReopenCommand),
  verb(['attachment'], './commands/ticket/attachment.js', async () => (await import('./commands/ticket/attachment.js')).newAttachmentCommand),
  verb(['search'], './commands/ticket/search.js', async () => (await import('./commands/ticket/search.js')).newSearchCommand),
  verb(['merge'], './commands/ticket/merge.js', async () => (await import('./commands/ticket/merge.js')).newMergeCommand),
  verb(['link'], './commands/ticket/link.js', async () => (await import('./commands/ticket/link.js')).newLinkCommand),
  verb(['unlink'], './commands/ticket/unlink.js', async () => (await import('./commands/ticket/unlink.js')).newUnlinkCommand),
  verb(['cc'], './commands/ticket/cc.js', async () => (await import('./commands/ticket/cc.js')).newCcCommand),
];

const noun = (names: readonly string[], module: string, load: () => Promise<Make>, verbs?: readonly VerbEntry[]): NounEntry =>
  (verbs ? { names, module, load, verbs } : { names, module, load });

/** Every top-level command, in the order help lists them. */
export const NOUNS: readonly NounEntry[] = [
  noun(['init'], './commands/init.js', async () => { const m = await import('./commands/init.js'); return (f) => [m.newInitCommand(f)]; }),
  noun(['login', 'switch'], './commands/identity/login.js', async () => {
    const m = await import('./commands/identity/login.js');
    return (f) => [m.newLoginCommand(f), m.newSwitchCommand(f)];
  }),
  noun(['whoami'], './commands/identity/whoami.js', async () => { const m = await import('./commands/identity/whoami.js'); return (f) => [m.newWhoamiCommand(f)]; }),
  noun(['logout'], './commands/identity/logout.js', async () => { const m = await import('./commands/identity/logout.js'); return (f) => [m.newLogoutCommand(f)]; }),
  noun(['ticket'], './commands/ticket/index.js', async () => {
    const m = await import('./commands/ticket/index.js');
    return async (f, _, argv) => [await m.newTicketCommand(f, argv)];
  }, TICKET_VERBS),
  noun(['sla'], './commands/sla/index.js', async () => { const m = await import('./commands/sla/index.js'); return (f) => [m.newSlaNounCommand(f)]; }),
  noun(['automate'], './commands/automate/index.js', async () => { const m = await import('./commands/automate/index.js'); return (f) => [m.newAutomateCommand(f)]; }),
  noun(['schedule'], './commands/schedule/index.js', async () => { const m = await import('./commands/schedule/index.js'); return (f) => [m.newScheduleCommand(f)]; }),
  noun(['report'], './commands/report.js', async () => { const m = await import('./commands/report.js'); return (f) => [m.newReportCommand(f)]; }),
  noun(['agent'], './commands/agent/index.js', async () => { const m = await import('./commands/agent/index.js'); return (f) => [m.newAgentCommand(f)]; }),
  noun(['user'], './commands/user/index.js', async () => { const m = await import('./commands/user/index.js'); return (f) => [m.newUserCommand(f)]; }),
  noun(['dept'], './commands/dept/index.js', async () => { const m = await import('./commands/dept/index.js'); return (f) => [m.newDeptCommand(f)]; }),
  noun(['team'], './commands/team/index.js', async () => { const m = await import('./commands/team/index.js'); return (f) => [m.newTeamCommand(f)]; }),
  noun(['topic'], './commands/topic/index.js', async () => { const m = await import('./commands/topic/index.js'); return (f) => [m.newTopicCommand(f)]; }),
  noun(['role'], './commands/role/index.js', async () => { const m = await import('./commands/role/index.js'); return (f) => [m.newRoleCommand(f)]; }),
  noun(['lab'], './commands/lab/index.js', async () => { const m = await import('./commands/lab/index.js'); return (f) => [m.newLabCommand(f)]; }),
  noun(['config'], './commands/config/index.js', async () => { const m = await import('./commands/config/index.js'); return (f) => [m.newConfigCommand(f)]; }),
  noun(['mail'], './commands/mail/index.js', async () => { const m = await import('./commands/mail/index.js'); return (f) => [m.newMailCommand(f)]; }),
  noun(['status'], './commands/status/index.js', async () => { const m = await import('./commands/status/index.js'); return (f) => [m.newStatusNounCommand(f)]; }),
  noun(['canned'], './commands/canned/index.js', async () => { const m = await import('./commands/canned/index.js'); return (f) => [m.newCannedCommand(f)]; }),
  noun(['export'], './commands/data/export.js', async () => { const m = await import('./commands/data/export.js'); return (f) => [m.newExportCommand(f)]; }),
  noun(['import'], './commands/data/import.js', async () => { const m = await import('./commands/data/import.js'); return (f) => [m.newImportCommand(f)]; }),
  noun(['backup'], './commands/data/backup.js', async () => { const m = await import('./commands/data/backup.js'); return (f) => [m.newBackupCommand(f)]; }),
  noun(['restore'], './commands/data/restore.js', async () => { const m = await import('./commands/data/restore.js'); return (f) => [m.newRestoreCommand(f)]; }),
  noun(['doctor'], './commands/data/doctor.js', async () => { const m = await import('./commands/data/doctor.js'); return (f) => [m.newDoctorCommand(f)]; }),
  noun(['serve'], './commands/server/serve.js', async () => { const m = await import('./commands/server/serve.js'); return (f) => [m.newServeCommand(f)]; }),
  noun(['token'], './commands/server/token.js', async () => { const m = await import('./commands/server/token.js'); return (f) => [m.newTokenCommand(f)]; }),
  noun(['apikey'], './commands/server/apikey.js', async () => { const m = await import('./commands/server/apikey.js'); return (f) => [m.newApiKeyCommand(f)]; }),
  noun(['webhook'], './commands/server/webhook.js', async () => { const m = await import('./commands/server/webhook.js'); return (f) => [m.newWebhookCommand(f)]; }),
  noun(['completion'], './commands/data/completion.js', async () => { const m = await import('./commands/data/completion.js'); return (f) => [m.newCompletionCommand(f)]; }),
];
