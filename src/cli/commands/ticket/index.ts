import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { addVerbs, type Verbs } from '../../verbs.js';

export const TICKET_VERBS: Verbs = [
  [['create'], async () => (await import('./create.js')).newCreateCommand],
  [['list'], async () => (await import('./list.js')).newListCommand],
  [['show'], async () => (await import('./show.js')).newShowCommand],
  [['assign'], async () => (await import('./assign.js')).newAssignCommand],
  [['transfer'], async () => (await import('./transfer.js')).newTransferCommand],
  [['edit'], async () => (await import('./edit.js')).newEditCommand],
  [['sla'], async () => (await import('./sla.js')).newSlaCommand],
  [['sla-explain'], async () => (await import('./sla-explain.js')).newSlaExplainCommand],
  [['reply'], async () => (await import('./reply.js')).newReplyCommand],
  [['note'], async () => (await import('./note.js')).newNoteCommand],
  [['status'], async () => (await import('./status.js')).newStatusCommand],
  [['reopen'], async () => (await import('./reopen.js')).newReopenCommand],
  [['attachment'], async () => (await import('./attachment.js')).newAttachmentCommand],
  [['search'], async () => (await import('./search.js')).newSearchCommand],
  [['merge'], async () => (await import('./merge.js')).newMergeCommand],
  [['link'], async () => (await import('./link.js')).newLinkCommand],
  [['unlink'], async () => (await import('./unlink.js')).newUnlinkCommand],
  [['cc'], async () => (await import('./cc.js')).newCcCommand],
];

export function newTicketCommand(f: Factory, argv: readonly string[]): Promise<Command> {
  return addVerbs(new Command('ticket').description('create, list, show and work tickets'), f, TICKET_VERBS, argv);
}
