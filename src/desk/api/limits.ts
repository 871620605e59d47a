/**
 * Declared use case: the size limits a command line checks before it reads a body or a file, so that
 * the remote one refuses what the local one refuses, with the same words (how a
 * declaration reads: declare.ts).
 */
import { bodyLimit } from '../limits.js';
import { readAttachmentLimit } from '../tickets/work-extras.js';
import { obj, type UseCase } from './declare.js';

export interface DeskLimits { max_body: number; attachment_limit: number }

export const deskLimits: UseCase<object, DeskLimits> = {
  name: 'desk.limits', summary: 'ticket.max_body and mail.attachment_limit, in bytes', permission: 'any', input: obj({}),
  run: async (ctx) => ({ max_body: await bodyLimit(ctx), attachment_limit: await readAttachmentLimit(ctx) }),
};
