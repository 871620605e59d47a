import { describe, expect, it } from 'vitest';
import { ConflictError, HelpdeskError, named, UsageError, choicesHint, didYouMean } from '../../src/core/errors.js';
import {
  nextTicketNumber,
  parseBody,
  parseEmail,
  parsePriority,
  parseQueue,
  parseSort,
  parseSource,
  parseStatus,
  parseSubject,
  parseTicketNumber,
  parseUsername,
  planStatusChange,
  resolveNewTicketDefaults,
  statusAfterPost,
  statusTimestamps,
  type TopicDefaults,
} from '../../src/core/lifecycle.js';
import type { Status } from '../../src/core/model.js';

/** Runs fn and returns what it threw (fails the test when it does not throw). */
function thrown(fn: () => unknown): HelpdeskError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HelpdeskError);
    return e as HelpdeskError;
  }
  throw new Error('expected a throw');
}

const ALL: Status[] = ['open', 'in-progress', 'awaiting-response', 'resolved', 'closed'];
const STATUS_CHOICES = 'valid: open, in-progress, awaiting-response, resolved, closed';

describe('planStatusChange: the full transition matrix', () => {
  type Outcome = 'noop' | 'change' | 'reopen' | 'conflict';
  // Written out by hand from CONTRACT.md (Tickets), not derived from the code under test.
  const MATRIX: Record<Status, Record<Status, Outcome>> = {
    open: { open: 'noop', 'in-progress': 'change', 'awaiting-response': 'change', resolved: 'change', closed: 'change' },
    'in-progress': { open: 'change', 'in-progress': 'noop', 'awaiting-response': 'change', resolved: 'change', closed: 'change' },
    'awaiting-response': { open: 'change', 'in-progress': 'change', 'awaiting-response': 'noop', resolved: 'change', closed: 'change' },
    resolved: { open: 'reopen', 'in-progress': 'reopen', 'awaiting-response': 'reopen', resolved: 'noop', closed: 'change' },
    closed: { open: 'reopen', 'in-progress': 'reopen', 'awaiting-response': 'reopen', resolved: 'conflict', closed: 'noop' },
  };
  const cases = ALL.flatMap((from) => ALL.map((to) => ({ from, to, outcome: MATRIX[from][to] })));

  it('covers all 25 pairs', () => {
    expect(cases).toHaveLength(25);
  });

  it.each(cases)('$from → $to: $outcome', ({ from, to, outcome }) => {
    if (outcome === 'conflict') {
      const err = thrown(() => planStatusChange(from, to));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err.code).toBe(5);
      expect(err.message).toBe('a closed ticket cannot become resolved');
      expect(err.hint).toMatch(/reopen/);
      return;
    }
    const result = planStatusChange(from, to);
    if (outcome === 'noop') expect(result).toEqual({ kind: 'noop' });
    else expect(result).toEqual({ kind: 'change', from, to, reopen: outcome === 'reopen' });
  });
});

describe('statusTimestamps', () => {
  const NOW = '2026-03-02T09:00:00.000Z';
  const cases: Array<{ from: Status; to: Status; expected: Record<string, string | null> }> = [
    { from: 'open', to: 'in-progress', expected: {} },
    { from: 'open', to: 'awaiting-response', expected: {} },
    { from: 'in-progress', to: 'open', expected: {} },
    { from: 'in-progress', to: 'awaiting-response', expected: {} },
    { from: 'awaiting-response', to: 'open', expected: {} },
    { from: 'awaiting-response', to: 'in-progress', expected: {} },
    { from: 'open', to: 'resolved', expected: { resolved_at: NOW } },
    { from: 'in-progress', to: 'resolved', expected: { resolved_at: NOW } },
    { from: 'awaiting-response', to: 'resolved', expected: { resolved_at: NOW } },
    { from: 'open', to: 'closed', expected: { resolved_at: NOW, closed_at: NOW } },
    { from: 'in-progress', to: 'closed', expected: { resolved_at: NOW, closed_at: NOW } },
    { from: 'awaiting-response', to: 'closed', expected: { resolved_at: NOW, closed_at: NOW } },
    { from: 'resolved', to: 'closed', expected: { closed_at: NOW } },
    { from: 'resolved', to: 'open', expected: { resolved_at: null, closed_at: null } },
    { from: 'resolved', to: 'in-progress', expected: { resolved_at: null, closed_at: null } },
    { from: 'resolved', to: 'awaiting-response', expected: { resolved_at: null, closed_at: null } },
    { from: 'closed', to: 'open', expected: { resolved_at: null, closed_at: null } },
    { from: 'closed', to: 'in-progress', expected: { resolved_at: null, closed_at: null } },
    { from: 'closed', to: 'awaiting-response', expected: { resolved_at: null, closed_at: null } },
  ];

  it('covers every allowed change (25 pairs − 5 no-ops − 1 conflict)', () => {
    expect(cases).toHaveLength(19);
  });

  it.each(cases)('$from → $to', ({ from, to, expected }) => {
    const change = planStatusChange(from, to);
    if (change.kind !== 'change') throw new Error('expected a change');
    expect(statusTimestamps(change, NOW)).toEqual(expected);
  });
});

describe('statusAfterPost', () => {
  it.each<{ status: Status; next: Status | null }>([
    { status: 'open', next: null },
    { status: 'in-progress', next: null },
    { status: 'awaiting-response', next: null },
    { status: 'resolved', next: null },
  ])('agent posting on $status → $next', ({ status, next }) => {
    expect(statusAfterPost('agent', status)).toBe(next);
  });

  it('agent posting on closed → ConflictError with a reopen hint', () => {
    const err = thrown(() => statusAfterPost('agent', 'closed'));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe(5);
    expect(err.hint).toBe('reopen it first: helpdesk ticket reopen <n>');
  });

  it.each<{ status: Status; next: Status | null }>([
    { status: 'open', next: null },
    { status: 'in-progress', next: null },
    { status: 'awaiting-response', next: 'open' },
    { status: 'resolved', next: 'open' },
    { status: 'closed', next: 'open' },
  ])('end user posting on $status → $next', ({ status, next }) => {
    expect(statusAfterPost('user', status)).toBe(next);
  });
});

describe('parseStatus', () => {
  it.each<[string, Status]>([
    ['open', 'open'],
    ['in-progress', 'in-progress'],
    ['awaiting-response', 'awaiting-response'],
    ['resolved', 'resolved'],
    ['closed', 'closed'],
    ['Open', 'open'],
    ['In Progress', 'in-progress'],
    ['in progress', 'in-progress'],
    ['IN PROGRESS', 'in-progress'],
    ['In-Progress', 'in-progress'],
    ['in_progress', 'in-progress'],
    ['Awaiting Response', 'awaiting-response'],
    ['awaiting response', 'awaiting-response'],
    ['RESOLVED', 'resolved'],
    ['Closed', 'closed'],
    ['  closed  ', 'closed'],
  ])('%j → %s', (text, status) => {
    expect(parseStatus(text)).toBe(status);
  });

  it.each([
    ['pending', STATUS_CHOICES],
    ['', STATUS_CHOICES],
    ['opne', `did you mean 'open'? (${STATUS_CHOICES})`],
    ['reslved', `did you mean 'resolved'? (${STATUS_CHOICES})`],
  ])('%j → UsageError with hint %j', (text, hint) => {
    const err = thrown(() => parseStatus(text));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.code).toBe(2);
    expect(err.message).toBe(`unknown status '${text}'`);
    expect(err.hint).toBe(hint);
  });
});

describe('parsePriority / parseSource / parseQueue / parseSort', () => {
  const table = [
    { what: 'priority', fn: parsePriority, choices: ['low', 'normal', 'high', 'emergency'], bad: 'urgent' },
    { what: 'source', fn: parseSource, choices: ['web', 'email', 'phone', 'chat', 'walk-in', 'api', 'other'], bad: 'fax' },
    { what: 'queue', fn: parseQueue, choices: ['open', 'mine', 'unassigned', 'overdue', 'answered', 'closed', 'all'], bad: 'inbox' },
    { what: 'sort order', fn: parseSort, choices: ['due', 'created', 'updated', 'priority'], bad: 'name' },
  ] as const;

  for (const { what, fn, choices, bad } of table) {
    describe(what, () => {
      it.each(choices.map((c) => [c]))('accepts %s in any case', (c) => {
        expect((fn as (t: string) => string)(c)).toBe(c);
        expect((fn as (t: string) => string)(c.toUpperCase())).toBe(c);
        expect((fn as (t: string) => string)(` ${c} `)).toBe(c);
      });
      it(`refuses '${bad}' with the valid choices`, () => {
        const err = thrown(() => (fn as (t: string) => string)(bad));
        expect(err).toBeInstanceOf(UsageError);
        expect(err.message).toBe(`unknown ${what} '${bad}'`);
        expect(err.hint).toBe(`valid: ${choices.join(', ')}`);
      });
    });
  }

  it('suggests a close priority', () => {
    expect(thrown(() => parsePriority('hihg')).hint).toBe("did you mean 'high'? (valid: low, normal, high, emergency)");
  });
  it('suggests a close queue', () => {
    expect(thrown(() => parseQueue('overdeu')).hint).toMatch(/^did you mean 'overdue'\?/);
  });
});

describe('parseTicketNumber', () => {
  it.each([
    ['100042', '100042'],
    ['#100042', '100042'],
    [' #100042 ', '100042'],
    ['100001', '100001'],
    ['1000000', '1000000'],
  ])('%j → %s', (text, n) => {
    expect(parseTicketNumber(text)).toBe(n);
  });

  it.each(['', 'abc', '12', '#', '0100042', '100042x', '##100042', '10 0042', '-100042', '#012345'])('refuses %j', (text) => {
    const err = thrown(() => parseTicketNumber(text));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.code).toBe(2);
    expect(err.message).toBe(`'${text}' is not a ticket number`);
    expect(err.hint).toBe('ticket numbers look like 100042 or #100042');
  });
});

describe('nextTicketNumber', () => {
  it.each<[number | null, string]>([
    [null, '100001'],
    [100001, '100002'],
    [100041, '100042'],
    [999999, '1000000'],
    [0, '100001'],
  ])('after %s → %s', (last, next) => {
    expect(nextTicketNumber(last)).toBe(next);
  });
  it('stays exact past 2^53 when the counter is read as a bigint (the store reads it so)', () => {
    expect(nextTicketNumber(9007199254740993n)).toBe('9007199254740994');
    expect(nextTicketNumber(5n)).toBe('100001');
  });
});

describe('resolveNewTicketDefaults', () => {
  // Departments 1 (default SLA 10), 2 (default SLA 20), 3 (no default SLA). Organisation fallback: dept 1, SLA 99.
  const deptSla = (id: number) => ({ 1: 10, 2: 20 } as Record<number, number>)[id] ?? null;
  const fallback = { deptId: 1, slaId: 99 };
  const outage: TopicDefaults = { deptId: 2, priority: 'emergency', slaId: 50 };
  const bare: TopicDefaults = { deptId: null, priority: null, slaId: null };
  const deptOnly: TopicDefaults = { deptId: 3, priority: null, slaId: null };

  it.each([
    { name: 'nothing given, no topic: fallback dept, normal, that dept\'s SLA', given: {}, topic: null, out: { deptId: 1, priority: 'normal', slaId: 10 } },
    { name: 'given values win over the topic', given: { deptId: 3, priority: 'low', slaId: 7 }, topic: outage, out: { deptId: 3, priority: 'low', slaId: 7 } },
    { name: 'topic supplies dept, priority and SLA', given: {}, topic: outage, out: { deptId: 2, priority: 'emergency', slaId: 50 } },
    { name: 'given dept, topic SLA still beats the dept default', given: { deptId: 1 }, topic: outage, out: { deptId: 1, priority: 'emergency', slaId: 50 } },
    { name: 'given priority only', given: { priority: 'high' }, topic: outage, out: { deptId: 2, priority: 'high', slaId: 50 } },
    { name: 'topic without SLA: the chosen dept\'s default SLA', given: {}, topic: { deptId: 2, priority: null, slaId: null }, out: { deptId: 2, priority: 'normal', slaId: 20 } },
    { name: 'given dept without default SLA: organisation fallback SLA', given: { deptId: 3 }, topic: null, out: { deptId: 3, priority: 'normal', slaId: 99 } },
    { name: 'topic dept without default SLA: organisation fallback SLA', given: {}, topic: deptOnly, out: { deptId: 3, priority: 'normal', slaId: 99 } },
    { name: 'empty topic behaves like no topic', given: {}, topic: bare, out: { deptId: 1, priority: 'normal', slaId: 10 } },
    { name: 'given dept 2 picks its default SLA', given: { deptId: 2 }, topic: null, out: { deptId: 2, priority: 'normal', slaId: 20 } },
  ] as const)('$name', ({ given, topic, out }) => {
    expect(resolveNewTicketDefaults({ ...given }, topic, deptSla, fallback)).toEqual(out);
  });

  it('no fallback SLA at all gives null', () => {
    expect(resolveNewTicketDefaults({ deptId: 3 }, null, deptSla, { deptId: 1, slaId: null })).toEqual({ deptId: 3, priority: 'normal', slaId: null });
  });
});

describe('parseSubject', () => {
  it('trims', () => {
    expect(parseSubject('  Printer on fire  ')).toBe('Printer on fire');
  });
  it('accepts 1000 characters', () => {
    expect(parseSubject('x'.repeat(1000))).toBe('x'.repeat(1000));
  });
  it.each(['', '   ', '\n\t'])('refuses empty %j', (text) => {
    const err = thrown(() => parseSubject(text));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('the subject is empty');
    expect(err.hint).toMatch(/--subject/);
  });
  it('refuses 1001 characters', () => {
    const err = thrown(() => parseSubject('x'.repeat(1001)));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('the subject is longer than 1000 characters');
  });
});

describe('parseBody', () => {
  it('keeps the text as given, whitespace included', () => {
    expect(parseBody('  line one\nline two\n')).toBe('  line one\nline two\n');
  });
  it.each(['', '  ', '\n\n'])('refuses empty %j, naming --body by default', (text) => {
    const err = thrown(() => parseBody(text));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('the body is empty');
    expect(err.hint).toBe('pass --body "…" or --body-file <path|->');
  });
  it('names the flag it is given', () => {
    expect(thrown(() => parseBody(' ', named('note'))).hint).toBe('pass --note "…" or --body-file <path|->');
  });
});

describe('parseEmail', () => {
  it.each([
    ['karen@example.com', 'karen@example.com'],
    [' Karen@Example.COM ', 'karen@example.com'],
    ['first.last+tag@mail.example.co.uk', 'first.last+tag@mail.example.co.uk'],
    ['helpdesk@localhost', 'helpdesk@localhost'],
    ['karen@example', 'karen@example'],
  ])('%j → %s', (text, email) => {
    expect(parseEmail(text)).toBe(email);
  });
  it.each(['', 'karen', 'karen@', '@example.com', 'karen@example.', 'karen@.com', 'ka ren@example.com', 'a@b@c.com', 'Karen <karen@example.com>'])(
    'refuses %j',
    (text) => {
      const err = thrown(() => parseEmail(text));
      expect(err).toBeInstanceOf(UsageError);
      expect(err.message).toBe(`'${text}' is not an email address`);
      expect(err.hint).toBe('example: karen@example.com');
    },
  );
});

describe('parseUsername', () => {
  it.each([
    ['jane', 'jane'],
    ['Jane', 'jane'],
    [' john ', 'john'],
    ['j.doe_2-x', 'j.doe_2-x'],
    ['0day', '0day'],
    ['a'.repeat(32), 'a'.repeat(32)],
  ])('%j → %s', (text, name) => {
    expect(parseUsername(text)).toBe(name);
  });
  it.each(['', '-jane', '.jane', 'jane doe', 'jane@example.com', 'a'.repeat(33), 'jäne'])('refuses %j', (text) => {
    const err = thrown(() => parseUsername(text));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`'${text}' is not a valid username`);
  });
});

describe('didYouMean', () => {
  const statuses = ['open', 'in-progress', 'awaiting-response', 'resolved', 'closed'];
  it.each<[string, readonly string[], string | undefined]>([
    ['opne', statuses, 'open'],
    ['OPEN', statuses, 'open'],
    ['closd', statuses, 'closed'],
    ['inprogress', statuses, 'in-progress'],
    ['awaiting', statuses, 'awaiting-response'], // a unique prefix
    ['bank', ['banking-outage', 'adobe-upgrade'], 'banking-outage'],
    ['in', statuses, undefined], // too short to be a prefix guess
    ['o', ['open', 'other'], undefined],
    ['xyz', statuses, undefined],
    ['anything', [], undefined],
    ['Suport', ['Support', 'SysAdmins', 'Accounting'], 'Support'],
    ['sysadmin', ['Support', 'SysAdmins', 'Accounting'], 'SysAdmins'],
    ['ab', ['cd'], 'cd'], // distance 2 is within the minimum limit of 2
    ['ab', ['cde'], undefined],
  ])('%j among %j → %s', (input, candidates, expected) => {
    expect(didYouMean(input, candidates)).toBe(expected);
  });

  it('the limit grows with the input: a third of its length', () => {
    // 'abcdefghi' (9) allows 3 edits, so 3 substitutions still match and 4 do not.
    expect(didYouMean('abcdefghi', ['xyzdefghi'])).toBe('xyzdefghi');
    expect(didYouMean('abcdefghi', ['wxyzefghi'])).toBeUndefined();
  });

  it('returns the candidate as written, keeping its case', () => {
    expect(didYouMean('online banking', ['Online Banking', 'Accounting'])).toBe('Online Banking');
  });
});

describe('choicesHint', () => {
  it('lists the choices with a guess first when one is close', () => {
    expect(choicesHint('hihg', ['low', 'normal', 'high'])).toBe("did you mean 'high'? (valid: low, normal, high)");
  });
  it('lists only the choices when nothing is close', () => {
    expect(choicesHint('zzzzzz', ['low', 'normal', 'high'])).toBe('valid: low, normal, high');
  });
});
