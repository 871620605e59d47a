/**
 * The esbuild plugins of src/build/build.mjs patch what dependencies do at load time. Each depends
 * on a detail of the dependency's current source; when an upgrade changes it, the plugin would
 * silently stop applying (a slower start) or apply to something else. These tests fail loudly then:
 * adjust the plugin, or drop it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkgDir = (name: string) => join(root, 'node_modules', name);
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');
const build = read(root, 'src/build/build.mjs');

describe('the patches of src/build/build.mjs still match their dependencies', () => {
  it('lazy-child-process: commander requires node:child_process when it loads, from lib/', () => {
    expect(build).toMatch(/node_modules\\\/commander\\\//);
    expect(read(pkgDir('commander'), 'lib/command.js')).toMatch(/^const childProcess = require\('node:child_process'\);$/m);
  });

  it("no-color-detection: chalk imports its color detection as '#supports-color', mapped in its package.json", () => {
    const pkg = JSON.parse(read(pkgDir('chalk'), 'package.json')) as { imports: Record<string, unknown> };
    expect(pkg.imports).toHaveProperty('#supports-color');
    expect(read(pkgDir('chalk'), 'source/index.js')).toMatch(/^import supportsColor from '#supports-color';$/m);
  });

  it('lazy-chalk: render/style.ts uses chalk only through new Chalk(options), which chalk exports', () => {
    const style = read(root, 'src/cli/render/style.ts');
    expect(style.match(/from 'chalk'/g)).toHaveLength(1);
    expect(style).toMatch(/import \{ Chalk, type ChalkInstance \} from 'chalk';/);
    expect(read(pkgDir('chalk'), 'source/index.js')).toMatch(/export class Chalk|export function Chalk|Chalk,|export \{[^}]*Chalk/);
  });

  it('own-require: on-demand.ts exports only requireOnDemand, made with createRequire', () => {
    const source = read(root, 'src/cli/on-demand.ts');
    expect(source.match(/^export /gm)).toHaveLength(1);
    expect(source).toMatch(/^export const requireOnDemand: NodeJS\.Require = createRequire\(import\.meta\.url\);$/m);
  });

  it("pg-crypto-direct: pg's crypto helpers are the functions src/build/pg-crypto.cjs replaces, required by sasl.js and client.js", () => {
    const names = (source: string) => /module\.exports\s*=\s*\{([^}]*)\}/.exec(source)?.[1]!.split(',').map((x) => x.trim()).filter(Boolean).sort();
    expect(names(read(pkgDir('pg'), 'lib/crypto/utils.js'))).toEqual(names(read(root, 'src/build/pg-crypto.cjs')));
    expect(read(pkgDir('pg'), 'lib/crypto/sasl.js')).toMatch(/^const crypto = require\('\.\/utils'\)$/m);
    expect(read(pkgDir('pg'), 'lib/client.js')).toMatch(/^const crypto = require\('\.\/crypto\/utils'\)$/m);
  });

  it('pg-lazy-dns: pg/lib/connection-parameters.js loads dns when it loads, and uses only dns.lookup', () => {
    const source = read(pkgDir('pg'), 'lib/connection-parameters.js');
    expect(source).toMatch(/^const dns = require\('dns'\)$/m);
    expect([...new Set(source.match(/\bdns\.\w+/g))]).toEqual(['dns.lookup']);
  });
});
