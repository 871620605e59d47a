// The entry of the bundled CLI (dist/bundle/index.cjs, built by src/build/build.mjs; bin/helpdesk.js
// requires it). It picks the bundle of the noun on the command line and runs it — compiled from a
// V8 code cache when there is one. Compiling a bundle (and the functions a command then calls) is
// a third of a command's own start-up; Node 22 caches compiled code by itself
// (module.enableCompileCache), Node 20 does not, so this does what it does for our one file:
// the cache lives in $XDG_CACHE_HOME/helpdesk (~/.cache/helpdesk), one per bundle and verb, keyed by
// the bundle's content hash (computed by the build, so no stat at start-up) and Node's version, is
// written after the first run of a bundle, and is simply not used (and rewritten) when V8 rejects
// it. HELPDESK_CODE_CACHE=0 turns it off.
//
// The build writes each bundle already wrapped in the CommonJS function header, so it is compiled
// as it is read (no second copy of the source), and says whether it is ASCII, so that it is read
// as latin1 (no UTF-8 decoding).
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { nounOf, verbOf } from '../../dist/cli/noun-of.js';

/**
 * "noun" and "noun verb" → bundle name, and bundle name → { hash, encoding }; filled in by
 * src/build/build.mjs.
 */
const BUNDLES = HELPDESK_BUNDLES;
const WRITTEN = HELPDESK_WRITTEN;

/** Own keys only: `helpdesk constructor` is an unknown command, not Object.prototype.constructor. */
const bundleNamed = (key) => (Object.hasOwn(BUNDLES, key) ? BUNDLES[key] : undefined);

function bundleOf(argv) {
  const noun = nounOf(argv);
  return bundleNamed(`${noun} ${verbOf(argv)}`) ?? bundleNamed(noun) ?? 'all';
}

/** The verb after the noun (`list` in `ticket list`): each verb compiles other functions, so has its own cache. */
function cacheVerb(argv) {
  const verb = verbOf(argv);
  return verb && /^[a-z][a-z-]{0,30}$/.test(verb) ? verb : '';
}

function cacheFile(bundle, verb) {
  if (process.env.HELPDESK_CODE_CACHE === '0') return null;
  const base = process.env.XDG_CACHE_HOME || join(process.env.HOME || require('node:os').homedir(), '.cache');
  // One cache per bundle and verb: ticket.create, ticket.list (bundles of their own), export.csv.
  const name = verb === '' || bundle.endsWith(`.${verb}`) ? bundle : `${bundle}.${verb}`;
  return { dir: join(base, 'helpdesk'), name, file: join(base, 'helpdesk', `${name}-${WRITTEN[bundle].hash}-${process.version}-${process.arch}.v8cache`) };
}

/** Loads a wrapped CommonJS bundle through vm.Script with the code cache; returns its exports and a saver. */
function loadCached(bundle, verb) {
  const file = join(__dirname, `${bundle}.cjs`);
  const cache = cacheFile(bundle, verb);
  let cachedData;
  try {
    cachedData = cache ? readFileSync(cache.file) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new Script(readFileSync(file, WRITTEN[bundle].encoding), { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  // The launcher's own require: the bundles sit beside it, so they resolve alike.
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  const fresh = cache !== null && (cachedData === undefined || script.cachedDataRejected === true);
  return { exports: module.exports, save: () => fresh && saveCache(cache, script) };
}

function saveCache(cache, script) {
  try {
    mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
    for (const old of readdirSync(cache.dir)) {
      if (old.startsWith(`${cache.name}-`) && join(cache.dir, old) !== cache.file) rmSync(join(cache.dir, old), { force: true });
    }
    const tmp = `${cache.file}.${process.pid}`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, cache.file);
  } catch {
    // A cache that cannot be written only costs the next run its compile time.
  }
}

/**
 * import() inside code compiled by vm.Script needs an experimental flag on Node 20, so the bundles
 * load the packages left outside them (nodemailer, mailparser, @inquirer/prompts) through this
 * (src/build/build.mjs rewrites those imports).
 */
globalThis[Symbol.for('helpdesk.import')] = (specifier) => import(specifier);

/**
 * Bundles a command loads on the way (pg-store, the PostgreSQL store with its driver), from
 * their code caches as the command's own bundle; each cache is written with the command's.
 */
const extra = new Map();
globalThis[Symbol.for('helpdesk.bundle')] = async (bundle) => {
  let loaded = extra.get(bundle);
  if (!loaded) extra.set(bundle, (loaded = loadCached(bundle, '')));
  return loaded.exports;
};

/**
 * HELPDESK_TIMINGS=1 (src/store/timings.ts): milliseconds since the process started — `started`, when
 * Node began running helpdesk's code; `load`, `command` (of which the store's `open`, `commit`,
 * `close`) and `end` — written to stderr as one line of JSON.
 */
const TIMINGS = Symbol.for('helpdesk.timings');

export async function main() {
  const timings = process.env.HELPDESK_TIMINGS === '1' ? (globalThis[TIMINGS] = { started: performance.now() }) : null;
  const argv = process.argv.slice(2);
  const loaded = loadCached(bundleOf(argv), cacheVerb(argv));
  if (timings) timings.load = performance.now() - timings.started;
  // Called when the command is done (src/cli/main.ts may then end the process at once).
  await loaded.exports.main(() => {
    if (timings) {
      timings.command = performance.now() - timings.started - timings.load;
      timings.end = performance.now();
      writeSync(2, `helpdesk timings: ${JSON.stringify(timings)}\n`);
    }
    // After the command: the cache then holds the functions it compiled on the way, too. Only
    // after one that succeeded: a misspelt verb (`ticket crate`) would otherwise leave a cache
    // file of its own, and a failure compiles another path than the command's usual one.
    if (!process.exitCode) {
      loaded.save();
      for (const more of extra.values()) more.save();
    }
  });
}
