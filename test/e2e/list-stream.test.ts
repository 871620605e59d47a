/**
 * `ticket list --limit 0` into a pipe or with --json streams its rows (at a million
 * tickets the whole list was one array, 3.5 GB). The streamed output must be byte for byte what the
 * buffered list prints (here forced with a limit larger than the desk), for every queue and filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../helpers/cli.js';
import { KAREN, KEN, at, create, labSandbox } from './contract/support.js';

let s: Sandbox;
const NOW = at('2026-03-02T11:00:00Z');

function out(args: string[]): string {
  const r = s.hd(['--as', 'admin', 'ticket', 'list', ...args], NOW);
  if (r.code !== 0) throw new Error(`ticket list ${args.join(' ')} → ${r.code}: ${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  s = labSandbox();
  create(s, KAREN, ['--subject', 'VPN drops every "hour"', '--body', 'Since Monday.'], '2026-03-02T09:00:00Z');
  create(s, 'john', ['--user', KEN, '--subject', 'Banking site down', '--body', 'Nothing loads.', '--topic', 'Business Critical Outage'], '2026-03-02T09:10:00Z');
  create(s, 'john', ['--user', KEN, '--subject', 'Caps lock', '--body', 'Cannot log in.', '--resolve', 'Caps lock was on.'], '2026-03-02T09:40:00Z');
  for (let i = 0; i < 40; i++) create(s, KAREN, ['--subject', `Printer ${i} jammed ✓`, '--body', 'Paper stuck.'], `2026-03-02T10:${String(i).padStart(2, '0')}:00Z`);
});
afterAll(() => s.cleanup());

describe('ticket list --limit 0, streamed', () => {
  it.each([
    [[]], [['--queue', 'all']], [['--status', 'resolved']], [['--queue', 'closed']], [['--sort', 'created']],
    [['--queue', 'all', '--search', 'printer']], [['--queue', 'overdue']],
  ])('%j: the same TSV and JSON as the buffered list', (args) => {
    for (const json of [[], ['--json']]) {
      const streamed = out([...args, ...json, '--limit', '0']);
      expect(streamed).toBe(out([...args, ...json, '--limit', '100000']));
      if (json.length) expect(JSON.parse(streamed)).toBeInstanceOf(Array);
    }
  });

  it('every ticket, and an empty list is [] in JSON and nothing in TSV', () => {
    expect(JSON.parse(out(['--queue', 'all', '--json', '--limit', '0']))).toHaveLength(43);
    expect(out(['--queue', 'all', '--limit', '0']).split('\n').filter(Boolean)).toHaveLength(43);
    expect(out(['--dept', 'Online Banking', '--json', '--limit', '0'])).toBe('[]\n');
    expect(out(['--dept', 'Online Banking', '--limit', '0'])).toBe('');
  });
});
