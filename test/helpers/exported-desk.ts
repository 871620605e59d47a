/**
 * A generated help desk (the bench's generator, SQLite) exported to a JSON file, in a temporary
 * directory with a clean environment for spawning the CLI: the file the import tests load.
 */
import { mkdtempSync } from 'node:fs';
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
