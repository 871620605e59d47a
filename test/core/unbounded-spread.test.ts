/**
 * The class of crash of An array of unbounded length spread into a call (`f(...xs)`,
 * `Math.max(...xs)`, `xs.push(...ys)`) or passed to `.apply` puts every element on the stack and
 * throws "Maximum call stack size exceeded" past ~125k elements. None may come back into src/.
 * Allowed: SQLite statement bindings (`.all(...params)` and the like), whose length is bounded
 * by the placeholders of the SQL they bind; array and object literals (`[...xs]`, `{...o}`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxOf } from '../../src/cli/render/charts.js';

const SRC = join(import.meta.dirname, '../../src');
const BINDINGS = /\.(all|get|run|iterate|pluck|stmt)\($|\b(all|get|run|insertNamed|getNamed)\($/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Every `name(...x` (a spread as a call's first argument) and `.apply(` outside bindings. */
function offences(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const found: string[] = [];
  for (const m of text.matchAll(/([\w$.]+\()\s*\.\.\.|([\w$.]+\([^()[\]{}]*?,\s*)\.\.\.|\.apply\(/g)) {
    const callee = (m[1] ?? m[2] ?? '.apply(').replace(/\(.*$/s, '(');
    if (!BINDINGS.test(callee)) found.push(`${file.slice(SRC.length + 1)}: ${m[0].slice(0, 60)}`);
  }
  return found;
}

describe('no unbounded spread into a call', () => {
  it('finds none in src/', () => {
    expect(sources(SRC).flatMap(offences)).toEqual([]);
  });

  it('the check itself sees the forms it forbids', () => {
    const probe = join(SRC, 'desk/report.ts');
    expect(offences(probe)).toEqual([]);
    const fake = (code: string) => [...code.matchAll(/([\w$.]+\()\s*\.\.\.|([\w$.]+\([^()[\]{}]*?,\s*)\.\.\.|\.apply\(/g)].length;
    expect(fake('all.push(...xs)')).toBe(1);
    expect(fake('Math.max(0, ...xs)')).toBe(1);
    expect(fake('f.apply(null, xs)')).toBe(1);
    expect(fake('const a = [...xs, ...ys]; const o = { ...p }')).toBe(0);
  });

  it('maxOf takes 200,000 values (Math.max(...values) threw)', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => i % 1000);
    values[123_456] = 5000;
    expect(maxOf(values)).toBe(5000);
    expect(maxOf([], 7)).toBe(7);
  });
});
