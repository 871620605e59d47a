/**
 * `sla edit`, `schedule edit`, `schedule remove` through the binary: exit codes, one-line
 * errors, the database unchanged on refusal.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dbDigest, sandbox, type Sandbox } from '../helpers/cli.js';

let s: Sandbox;
const at = { env: { HELPDESK_NOW: '2026-03-02T10:00:00Z' } };
beforeAll(async () => {
  s = sandbox();
  expect((await s.run(['init', '--sample', 'lab'], at)).code).toBe(0);
});
afterAll(async () => s.cleanup());

it('sla edit moves an open ticket and says so; --json carries recomputed_tickets', async () => {
  const n = (await s.run(['--as', 'john', 'ticket', 'create', '--user', 'karen@example.com', '--subject', 'x', '--body', 'y', '--sla', 'Sev-C'], at)).stdout.trim();
  const plan = await s.runJson(['sla', 'edit', 'sev-c', '--hours', '16', '--first-response', '2'], at);
  expect(plan).toMatchObject({ name: 'Sev-C', hours: 16, first_response_hours: 2, schedule: 'Business Hours', recomputed_tickets: 1 });
  expect(await s.runJson(['--as', 'john', 'ticket', 'show', n], at)).toMatchObject({
    due_at: '2026-03-03T17:00:00.000Z', first_response_due_at: '2026-03-02T12:00:00.000Z',
  });
});

it('schedule remove of a schedule in use is exit 5, one line and a hint, and changes nothing', async () => {
  const before = dbDigest(s.db);
  const r = await s.run(['schedule', 'remove', 'Business Hours'], at);
  expect(r.code).toBe(5);
  expect(r.stderr).toBe("helpdesk: schedule 'Business Hours' is used by plan Sev-C\nhint: move it first: helpdesk sla edit \"Sev-C\" --schedule <other|none>\n");
  expect(dbDigest(s.db)).toBe(before);
  expect((await s.run(['schedule', 'edit', 'Business Hours', '--timezone', 'Mars/Olympus'], at)).code).toBe(2);
  expect((await s.run(['sla', 'edit', 'Nope', '--hours', '2'], at)).code).toBe(3);
  expect(dbDigest(s.db)).toBe(before);
});
