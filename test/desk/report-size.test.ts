/**
 * A report over a window of 200,000 tickets: it used to throw "Maximum call stack size
 * exceeded" past ~125k tickets, from an array spread into push(). Not timed: the numbers must be right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/desk/report.js';
import { bigDesk, type BigDesk } from '../helpers/big-desk.js';

const COUNT = 200_000;
let d: BigDesk;
beforeAll(async () => {
  // One ticket a minute from 2025-06-01: all resolved 120 minutes after creation, answered after 30.
  d = await bigDesk({ count: COUNT, start: '2025-06-01T00:00:00Z', stepSeconds: 60, status: "'resolved'", spreadDepts: true });
}, 120_000);
afterAll(() => d?.cleanup());

describe('report over 200,000 tickets', () => {
  it.each([undefined, 'dept', 'agent', 'sla', 'topic'] as const)('--since 365d --by %s holds every ticket', async (by) => {
    const r = await buildReport(d.at('2026-01-01T00:00:00Z'), { actor: 'admin', since: '365d', by });
    expect(r.created).toBe(COUNT);
    expect(r.resolved).toBe(COUNT);
    expect(r.first_response_median_minutes).toBe(30);
    expect(r.resolution_median_minutes).toBe(120);
    if (by !== undefined) expect(r.groups.reduce((n, g) => n + g.created, 0)).toBe(COUNT);
    if (by === 'dept') expect(r.groups.length).toBeGreaterThan(1);
  }, 120_000);
});
