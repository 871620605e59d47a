import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newAssignCommand } from './assign.js';
import { newAttachmentCommand } from './attachment.js';
import { newCreateCommand } from './create.js';
import { newEditCommand } from './edit.js';
import { newListCommand } from './list.js';
import { newNoteCommand } from './note.js';
import { newReopenCommand } from './reopen.js';
import { newReplyCommand } from './reply.js';
import { newSearchCommand } from './search.js';
import { newShowCommand } from './show.js';
import { newSlaCommand } from './sla.js';
import { newStatusCommand } from './status.js';
import { newTransferCommand } from './transfer.js';

export function newTicketCommand(f: Factory): Command {
  const ticket = new Command('ticket').description('create, list, show and work tickets');
  for (const make of [
    newCreateCommand, newListCommand, newShowCommand, newAssignCommand, newTransferCommand, newEditCommand,
    newSlaCommand, newReplyCommand, newNoteCommand, newStatusCommand, newReopenCommand, newAttachmentCommand,
    newSearchCommand,
  ]) {
    ticket.addCommand(make(f));
  }
  return ticket;
}
