/**
 * A generated help desk (the bench's generator, SQLite) exported to a JSON file, in a temporary
 * directory with a clean environment for spawning the CLI: the file the import tests load.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { generate } from '../bench/generate.mjs';
import { spawnHd } from './cli.js';

export interface ExportedDesk {
  dir: string;
  env: Record<string, string>;
  /** The export of the generated desk. */
  file: string;
}

export async function exportedDesk(prefix: string, tickets: number): Promise<ExportedDesk> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = { PATH: process.env.PATH ?? '', HOME: dir, XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1', HELPDESK_AS: 'admin', HELPDESK_NOW: '2026-03-02T09:15:00Z' };
  const source = join(dir, 'source.db');
  await generate({ file: source, tickets });
  const file = join(dir, 'export.json');
  expect((await spawnHd(['--db', source, 'export', '--out', file], env)).code).toBe(0);
  return { dir, env, file };
}

/** The export of the desk at `url` (through the CLI, `env` as exportedDesk gives it), without the moment it was made. */
export async function exportOf(dir: string, env: Record<string, string>, url: string): Promise<Record<string, unknown>> {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
  const r = await spawnHd(['--db', url, 'export', '--out', out], env);
  expect(r.code, r.stderr).toBe(0);
  const e = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  delete e.exported_at;
  return e;
}
