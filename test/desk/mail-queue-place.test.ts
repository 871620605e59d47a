/**
 * Mail is queued in one place (src/desk/mail/queue.ts): the outbox is written there only, and the
 * queueing helpers are defined there only, so the rule "queued in the change's transaction, only
 * when mail is configured" cannot be written twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DESK = join(import.meta.dirname, '../../src/desk');
const files = (readdirSync(DESK, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
const where = (pattern: RegExp) => files.filter((f) => pattern.test(readFileSync(join(DESK, f), 'utf8')));

describe('mail queueing lives in mail/queue.ts', () => {
  it('only queue.ts writes the outbox', () => {
    expect(where(/\.insertOutbox\(/)).toEqual([join('mail', 'queue.ts')]);
  });

  it('the queueing helpers are defined there, and nowhere else', () => {
    expect(where(/export (async )?function queue\w*Mail\b/)).toEqual([join('mail', 'queue.ts')]);
    expect(readFileSync(join(DESK, 'mail/queue.ts'), 'utf8')).toMatch(/export async function queueUserMail\(/);
  });
});
