/** The pure rules of working tickets together: time spent, link types, the automatic assignee, parent cycles, merges. */
import { describe, expect, it } from 'vitest';
import { ConflictError, UsageError } from '../../src/core/errors.js';
import {
  checkMerge, checkParent, chooseAssignee, linkTypeSeenFrom, parseAutoAssign, parseLinkType, parseTimeSpent,
} from '../../src/core/together.js';

describe('parseTimeSpent', () => {
  it.each([['25m', 25], ['1h30m', 90], ['2h', 120], ['1.5h', 90], ['45', 45], [' 1h 5m ', 65], ['10min', 10]])('%s → %d minutes', (text, minutes) => {
    expect(parseTimeSpent(text)).toBe(minutes);
  });
  it.each(['', 'soon', '0m', '0', '-5m', 'h', '1d', '200h'])('refuses %j', (text) => {
    expect(() => parseTimeSpent(text)).toThrow(UsageError);
  });
});

describe('links', () => {
  it('parses the three types and reads them from the other end', () => {
    expect(parseLinkType('Blocks')).toBe('blocks');
    expect(() => parseLinkType('causes')).toThrow(/unknown link type 'causes'/);
    expect([linkTypeSeenFrom('blocks', true), linkTypeSeenFrom('blocks', false), linkTypeSeenFrom('duplicates', false), linkTypeSeenFrom('relates', false)])
      .toEqual(['blocks', 'blocked-by', 'duplicated-by', 'relates']);
  });
});

describe('chooseAssignee', () => {
  const agents = [{ id: 1, username: 'a', open_count: 3 }, { id: 4, username: 'b', open_count: 1 }, { id: 7, username: 'c', open_count: 1 }];
  it('round-robin takes the first after the last chosen, wrapping', () => {
    expect(chooseAssignee('round-robin', agents, null)!.username).toBe('a');
    expect(chooseAssignee('round-robin', agents, 1)!.username).toBe('b');
    expect(chooseAssignee('round-robin', agents, 7)!.username).toBe('a');
    // The last one chosen was deactivated since (id 5 is gone): the next after it still.
    expect(chooseAssignee('round-robin', agents, 5)!.username).toBe('c');
  });
  it('least-open takes the fewest open, ties in round-robin order', () => {
    expect(chooseAssignee('least-open', agents, null)!.username).toBe('b');
    expect(chooseAssignee('least-open', agents, 4)!.username).toBe('c');
    expect(chooseAssignee('least-open', agents, 7)!.username).toBe('b');
    expect(chooseAssignee('least-open', [], null)).toBeNull();
  });
  it('parses the rule', () => {
    expect([parseAutoAssign('Round-Robin'), parseAutoAssign('least-open'), parseAutoAssign('off')]).toEqual(['round-robin', 'least-open', null]);
    expect(() => parseAutoAssign('random')).toThrow(UsageError);
  });
});

describe('checkParent and checkMerge', () => {
  it('refuses itself and descendants as the parent', () => {
    expect(() => checkParent('100001', '100001', [])).toThrow(ConflictError);
    expect(() => checkParent('100001', '100003', ['100002', '100001'])).toThrow(/cycle/);
    expect(() => checkParent('100001', '100003', ['100002'])).not.toThrow();
  });
  it('refuses a merge into itself, a closed or merged target, or of a merged ticket', () => {
    const open = { number: '100001', state: 'open', merged: false };
    expect(() => checkMerge(open, { number: '100001', merged: false })).toThrow(/into itself/);
    expect(() => checkMerge({ ...open, state: 'closed' }, { number: '100002', merged: false })).toThrow(/closed/);
    expect(() => checkMerge({ ...open, merged: true }, { number: '100002', merged: false })).toThrow(ConflictError);
    expect(() => checkMerge(open, { number: '100002', merged: true })).toThrow(/already merged/);
    expect(() => checkMerge(open, { number: '100002', merged: false })).not.toThrow();
  });
});
