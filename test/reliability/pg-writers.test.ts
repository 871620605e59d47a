/**
 * Many machines writing one PostgreSQL desk at once: 16 processes, each creating 100
 * tickets in transactions of its own, lose nothing and never fail; the 1,600 numbers are exactly
 * 100001…101600, each ticket is whole, and the counter stands at the last number.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshPgStore } from '../helpers/pg-desk.js';
import { pgUnavailable } from '../helpers/pg-server.mjs';
import { spawnHd } from '../helpers/cli.js';
import { pgHealth, pgWhole } from './pg-health.js';

const WRITERS = 16;
const EACH = 100;
const WRITER = resolve(import.meta.dirname, 'pg-writer.mjs');

function writer(url: string, n: number): Promise<{ code: number | null; numbers: string[]; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [WRITER, url, String(n), String(EACH)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, numbers: out.split('\n').filter(Boolean), stderr }));
  });
}

describe.skipIf(pgUnavailable() !== null)('16 writers on one PostgreSQL desk', () => {
  it(`${WRITERS} processes × ${EACH} creates: every ticket, contiguous numbers, no error`, async () => {
    const { url } = await freshPgStore();
    const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent', NO_COLOR: '1', HELPDESK_NOW: '2026-03-02T08:00:00Z' };
    expect((await spawnHd(['--db', url, 'init', '--sample', 'lab'], env)).code).toBe(0);
    const runs = await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(url, w)));
    expect(runs.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const numbers = runs.flatMap((r) => r.numbers).map(Number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: WRITERS * EACH }, (_, i) => 100001 + i));
    // Each writer's own tickets came back in the order it made them.
    for (const r of runs) expect([...r.numbers].map(Number)).toEqual([...r.numbers].map(Number).sort((a, b) => a - b));
    expect(await pgHealth(url)).toMatchObject({ ...pgWhole(WRITERS * EACH), maxNumber: 100000 + WRITERS * EACH, counter: 100000 + WRITERS * EACH });
  }, 300_000);
});
