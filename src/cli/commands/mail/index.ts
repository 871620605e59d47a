import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { newMailInboundCommand } from './inbound.js';
import { newMailIngestCommand } from './ingest.js';
import { newMailOriginalCommand } from './original.js';
import { newMailOutboxCommand } from './outbox.js';
import { newMailRetryCommand } from './retry.js';
import { newMailSendCommand } from './send.js';
import { newMailShowCommand } from './show.js';
import { newMailTemplateCommand } from './template.js';

export function newMailCommand(f: Factory): Command {
  const mail = new Command('mail').description('email: the outbox and its delivery over SMTP, intake from an MTA, templates');
  for (const make of [
    newMailOutboxCommand, newMailSendCommand, newMailShowCommand, newMailRetryCommand, newMailIngestCommand,
    newMailInboundCommand, newMailOriginalCommand, newMailTemplateCommand,
  ]) {
    mail.addCommand(make(f));
  }
  return mail;
}
