/**
 * Errors name inputs, callers word them (core/errors.ts): the command line as flags, the HTTP API as
 * JSON fields (server/errors.ts, with the parts the remote CLI words as flags again), the menu in
 * words. What people typed is text, never an input, even when it looks like a flag.
 */
import { describe, expect, it } from 'vitest';
import { asField, asFlag, asWords, named, says, UsageError } from '../../src/core/errors.js';
import { parseTargetHours } from '../../src/core/sla.js';
import { errorAnswer } from '../../src/server/errors.js';
import { errorFrom } from '../../src/remote/client.js';

describe('an error that names an input', () => {
  const err = new UsageError(says`${named('firstResponse')} is longer than the resolution target (${named('hours')})`,
    says`pass ${named('clearSla', '--no-sla')} or ${named('sla')} <plan>`);

  it('says flags on the command line (message and hint are the CLI words)', () => {
    expect(err.message).toBe('--first-response is longer than the resolution target (--hours)');
    expect(err.hint).toBe('pass --no-sla or --sla <plan>');
    expect(err.say(asFlag)).toEqual({ message: err.message, hint: err.hint });
  });

  it('says JSON fields for the HTTP API, and words for the menu', () => {
    expect(err.say(asField)).toEqual({ message: 'firstResponse is longer than the resolution target (hours)', hint: 'pass clearSla or sla <plan>' });
    expect(err.say(asWords)).toEqual({ message: 'first response is longer than the resolution target (hours)', hint: 'pass clear sla or sla <plan>' });
  });

  it('keeps what people typed as text, even text that looks like a flag', () => {
    const e = (() => { try { parseTargetHours('--name', named('hours')); } catch (x) { return x as UsageError; } })()!;
    expect(e.message).toBe("--hours '--name' is not a number of hours");
    expect(e.say(asField).message).toBe("hours '--name' is not a number of hours");
  });

  it('a plain string error has no inputs and reads the same everywhere', () => {
    const plain = new UsageError('nothing to change', 'ask an admin');
    expect(plain.say(asField)).toEqual({ message: 'nothing to change', hint: 'ask an admin' });
    expect(errorAnswer(plain).body.error).toEqual({ code: 'usage', message: 'nothing to change', hint: 'ask an admin', exit: 2 });
  });
});

describe('over HTTP', () => {
  it('the JSON error names the field, lists it, and the remote CLI rebuilds the flag words byte for byte', () => {
    const err = new UsageError(says`${named('name')} must be 1–100 characters`, says`e.g. ${named('name')} "Laptop script"`);
    const { status, body } = errorAnswer(err);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'usage', message: 'name must be 1–100 characters', hint: 'e.g. name "Laptop script"', exit: 2, fields: ['name'] });
    const rebuilt = errorFrom(JSON.parse(JSON.stringify(body.error)), 400, 'http://127.0.0.1:1');
    expect(rebuilt).toBeInstanceOf(UsageError);
    expect([rebuilt.message, rebuilt.hint, rebuilt.code]).toEqual(['--name must be 1–100 characters', 'e.g. --name "Laptop script"', 2]);
  });

  it('parts that are not parts fall back to the message as sent', () => {
    const rebuilt = errorFrom({ code: 'usage', message: 'x', hint: null, exit: 2, parts: { message: [{ field: 1 }] } }, 400, 'http://127.0.0.1:1');
    expect(rebuilt.message).toBe('x');
  });
});
