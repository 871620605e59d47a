// Bundles the compiled CLI (dist/) for a fast cold start. Most of a command's time is
// Node starting and loading code, so:
//  - CommonJS, not ESM: Node's ESM loader costs ~10 ms more to start and resolves every module
//    through URLs; one CommonJS file is read and compiled in one go.
//  - One file per noun: `helpdesk ticket list` compiles the ticket commands and what they use,
//    not the mail, lab or report code (V8 must at least pre-parse all of a file it loads). A noun's
//    bundle is the whole CLI with every other noun's dynamic import replaced by a stub; the
//    nouns that run other commands in-process (lab demo), help and unknown words use `all`.
//    A noun with a verb table (src/cli/verbs.ts) also gets one file per verb, with the other
//    verbs stubbed the same way: `ticket create` neither loads nor builds `ticket list`.
//  - better-sqlite3's JavaScript is bundled too; only its native addon is loaded from disk, by path
//    (the `bindings` package would search a dozen places for it).
//  - dist/bundle/index.cjs (src/build/launcher.js) reads the noun from the command line and runs its
//    bundle, compiled from a V8 code cache after the first run.
// nodemailer, mailparser, html-to-text, @inquirer/prompts and cli-table3 stay outside: loaded only by the verbs
// (or the terminal output) that need them; so do pg and pg-cursor, loaded only for a PostgreSQL URL.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'dist/bundle');
/** Nouns whose commands run other commands in this process: they need every noun. */
const NEED_ALL = new Set(['lab']);

/**
 * The nouns and their verbs, as src/cli/manifest.ts declares them: [{ names, module, verbs }], with
 * module paths relative to dist/cli. The bundles are cut along those paths, so an entry whose load()
 * imports another file than it names stops the build, and each bundle is checked to hold the modules
 * its entries name (held(), below).
 */
async function manifest() {
  const { NOUNS } = await import(join(root, 'dist/cli/manifest.js'));
  for (const entry of NOUNS.flatMap((n) => [n, ...(n.verbs ?? [])])) {
    const imports = [...String(entry.load).matchAll(/\bimport\((['"])(.*?)\1\)/g)].map((m) => m[2]);
    if (imports.length !== 1 || imports[0] !== entry.module) {
      throw new Error(`src/build/build.mjs: the entry ${entry.names[0]} of src/cli/manifest.ts names ${entry.module} but its load() imports ${imports.join(', ') || 'nothing'}`);
    }
  }
  return NOUNS.map((n) => ({ names: n.names, module: n.module, verbs: (n.verbs ?? []).map((v) => ({ names: v.names, module: v.module })) }));
}

/** A module path of the manifest (relative to dist/cli) as esbuild names it in a metafile. */
const input = (module) => join('dist/cli', module);

/** Throws unless the bundle was built from every one of `modules` (see manifest()). */
function held(name, result, modules) {
  const missing = modules.filter((m) => !(input(m) in result.metafile.inputs));
  if (missing.length) {
    throw new Error(`src/build/build.mjs: bundle ${name} lacks ${missing.join(', ')}: does its entry in src/cli/manifest.ts import the module it names?`);
  }
  return result;
}

/** A module that stands in for a command left out of a bundle. */
function stubs(b) {
  b.onLoad({ filter: /.*/, namespace: 'helpdesk-stub' }, () => ({
    contents: "throw new Error('helpdesk: internal error: this command is not in this bundle');",
    loader: 'js',
  }));
}

/**
 * Replaces the dynamic imports of every noun but `keep` (manifest.js, nouns.js's completion helper,
 * program.js's menu) with a stub; the verbs of `keep` stay (onlyVerb narrows them).
 */
function onlyNoun(keep) {
  const kept = new Set([keep.module, ...keep.verbs.map((v) => v.module)]);
  return {
    name: 'only-noun',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\// }, (args) => {
        if (args.kind !== 'dynamic-import' || !/dist[\\/]cli[\\/](manifest|nouns|program)\.js$/.test(args.importer)) return undefined;
        if (kept.has(args.path)) return undefined;
        return { path: args.path, namespace: 'helpdesk-stub' };
      });
      stubs(b);
    },
  };
}

/** Replaces the dynamic imports of the verbs of `noun` other than `keep` with a stub. */
function onlyVerb(noun, keep) {
  const others = new Set(noun.verbs.map((v) => v.module).filter((m) => m !== keep.module));
  return {
    name: 'only-verb',
    setup(b) {
      b.onResolve({ filter: /^\.\// }, (args) => {
        if (args.kind !== 'dynamic-import' || !others.has(args.path)) return undefined;
        return { path: args.path, namespace: 'helpdesk-stub' };
      });
      stubs(b);
    },
  };
}

/**
 * commander requires node:child_process at load time (for executable subcommands, which helpdesk
 * does not use), and with it net, dgram and the stream machinery: loaded only if ever used.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      (/node_modules\/commander\//.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

/**
 * chalk detects color support when it loads, which loads node:tty (and with it node:net and the
 * streams) even for piped output. helpdesk always tells chalk its level (render/style.ts), so the
 * detection is replaced by "no support".
 */
const noColorDetection = {
  name: 'no-color-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) =>
      (/node_modules\/chalk\//.test(args.importer) ? { path: 'supports-color', namespace: 'no-color-detection' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-color-detection' }, () => ({
      contents: 'export default { stdout: false, stderr: false };',
      loader: 'js',
    }));
  },
};

/**
 * chalk builds its styles when it loads (~0.5 ms); plain output never needs it (render/style.ts), so
 * in the bundles it is loaded the first time a colored style is made.
 */
const lazyChalk = {
  name: 'lazy-chalk',
  setup(b) {
    b.onResolve({ filter: /^chalk$/ }, (args) =>
      (/dist[\\/]cli[\\/]render[\\/]style\.js$/.test(args.importer) ? { path: 'chalk', namespace: 'lazy-chalk' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-chalk' }, () => ({
      contents: "let chalk; module.exports = { Chalk: function Chalk(options) { chalk ??= require('chalk?loaded'); return new chalk.Chalk(options); } };",
      loader: 'js',
      resolveDir: root,
    }));
    b.onResolve({ filter: /^chalk\?loaded$/ }, async () => {
      const found = await b.resolve('chalk', { kind: 'require-call', resolveDir: join(root, 'dist/cli/render') });
      return { path: found.path };
    });
  },
};

/**
 * src/cli/on-demand.ts makes a require function with node:module; a bundle has its own require,
 * so it gets that instead and does not load node:module at start-up (the PostgreSQL store uses it
 * too, in its bundle).
 */
const ownRequire = {
  name: 'own-require',
  setup(b) {
    b.onResolve({ filter: /[\\/]on-demand\.js$/ }, (args) =>
      (/[\\/]dist[\\/](cli|store)[\\/]/.test(args.importer) ? { path: 'on-demand', namespace: 'own-require' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'own-require' }, () => ({ contents: 'exports.requireOnDemand = require;', loader: 'js' }));
  },
};

/** The packages left outside the bundles that the code import()s, and node:https (the remote client's, loaded for an https server only). */
const IMPORTED = ['nodemailer', 'mailparser', 'html-to-text', '@inquirer/prompts', 'pg', 'pg-cursor', 'node:https'];

/**
 * A bundle runs from a V8 code cache through vm.Script (src/build/launcher.js), where import() needs an
 * experimental flag on Node 20: import() of an outside package goes through the launcher instead.
 */
const importThrough = (packages) => ({
  name: 'import-through-launcher',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const pattern = new RegExp(`\\bimport\\((['"])(${packages.map((p) => p.replace(/[/@]/g, '\\$&')).join('|')})\\1\\)`, 'g');
      if (!pattern.test(source)) return undefined;
      return { contents: source.replace(pattern, (_, q, pkg) => `__helpdeskImport(${q}${pkg}${q})`), loader: 'js' };
    });
  },
});
const importThroughLauncher = importThrough(IMPORTED);

/**
 * The PostgreSQL store is a bundle of its own (pg-store.cjs, beside the others), loaded by
 * dist/store/open.js on a PostgreSQL desk's first transaction, so that no SQLite command reads or
 * compiles it. The launcher loads it like the nouns' bundles, from a V8 code cache.
 */
const pgStoreApart = {
  name: 'pg-store-apart',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]store[\\/]open\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes("import('./pg/store.js')")) throw new Error('src/build/build.mjs: src/store/open.ts must load the PostgreSQL store with import(\'./pg/store.js\')');
      return { contents: source.replaceAll("import('./pg/store.js')", "globalThis[Symbol.for('helpdesk.bundle')]('pg-store')"), loader: 'js' };
    });
  },
};

/**
 * node-postgres inside the PostgreSQL store's bundle (loading it from node_modules cost
 * 90-400 ms a command, file by file and without a code cache). Its stream module asks at load time
 * whether it runs in a Cloudflare Worker by constructing a fetch Response, which loads undici, Node's
 * whole fetch implementation (~40 ms), for nothing on Node: that probe is answered here. The native
 * binding (pg-native) and the Cloudflare socket stay outside, never loaded.
 */
const pgWithoutProbes = {
  name: 'pg-without-probes',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('if (isCloudflareRuntime()) {')) throw new Error('src/build/build.mjs: pg/lib/stream.js no longer probes with isCloudflareRuntime(): check pgWithoutProbes');
      return { contents: source.replace('if (isCloudflareRuntime()) {', 'if (false) {'), loader: 'js' };
    });
  },
};

/**
 * node-postgres's crypto helpers over node:crypto's one-call functions (src/build/pg-crypto.cjs: the
 * same functions, the same results, without the Web Crypto API's trips through the thread pool).
 * The build stops when pg's file exports other functions than the replacement has.
 */
const pgCryptoDirect = {
  name: 'pg-crypto-direct',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]crypto[\\/]utils\.js$/ }, (args) => {
      const theirs = exportedNames(readFileSync(args.path, 'utf8'));
      const file = join(root, 'src/build/pg-crypto.cjs');
      const contents = readFileSync(file, 'utf8');
      const ours = exportedNames(contents);
      if (theirs.join() !== ours.join()) {
        throw new Error(`src/build/build.mjs: pg/lib/crypto/utils.js exports ${theirs.join(', ')}; src/build/pg-crypto.cjs has ${ours.join(', ')}`);
      }
      return { contents, loader: 'js', resolveDir: dirname(file) };
    });
  },
};

/** The names of `module.exports = { a, b, … }`, sorted (null when the file does not end so). */
function exportedNames(source) {
  const m = /module\.exports\s*=\s*\{([^}]*)\}/.exec(source);
  return m ? m[1].split(',').map((x) => x.trim()).filter(Boolean).sort() : [];
}

/**
 * node-postgres's connection parameters load node:dns when the driver loads (with it the resolver,
 * which reads /etc/resolv.conf), for the native driver only: loaded when first asked for instead.
 */
const pgLazyDns = {
  name: 'pg-lazy-dns',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]connection-parameters\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = "const dns = require('dns')";
      if (!source.includes(eager)) throw new Error('src/build/build.mjs: pg/lib/connection-parameters.js no longer loads dns as it did: check pgLazyDns');
      return { contents: source.replace(eager, "const dns = { lookup: (...args) => require('dns').lookup(...args) }"), loader: 'js' };
    });
  },
};

/**
 * In the PostgreSQL store's bundle, the modules it shares with the CLI's bundle (src/store/open.ts,
 * share()) are taken from there at run time instead of being bundled twice.
 */
const SHARED_MODULES = { 'core/errors.js': 'core/errors', 'store/open-stores.js': 'store/open-stores', 'store/sqlite.js': 'store/sqlite' };
const sharedWithCli = {
  name: 'shared-with-cli',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const rel = relative(join(root, 'dist'), resolvePath(args.resolveDir, args.path)).replace(/\\/g, '/');
      const key = SHARED_MODULES[rel];
      return key ? { path: key, namespace: 'helpdesk-shared' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'helpdesk-shared' }, (args) => ({
      contents: `module.exports = globalThis[Symbol.for('helpdesk.shared-modules')][${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // Whitespace and syntax only: V8 parses less, and stack traces keep their function names.
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['nodemailer', 'mailparser', 'html-to-text', '@inquirer/prompts', 'cli-table3', 'pg', 'pg-cursor'],
  alias: { bindings: join(root, 'src/build/sqlite-addon.cjs') },
  plugins: [lazyChildProcess, noColorDetection, lazyChalk, ownRequire, importThroughLauncher, pgStoreApart],
  // import.meta.url is only asked for when a module needs it (createRequire, a file beside the
  // code): computing it for every command cost ~0.4 ms. The version is known at build time.
  define: {
    'import.meta.url': '__helpdesk.url',
    HELPDESK_VERSION: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version),
  },
  banner: {
    js: "const __helpdesk = { get url() { return require('node:url').pathToFileURL(__filename).href; } };\n" +
      "const __helpdeskImport = globalThis[Symbol.for('helpdesk.import')] ?? ((specifier) => import(specifier));",
  },
  write: false,
  // Module paths in the metafile relative to the repository, to check what each bundle holds.
  absWorkingDir: root,
  metafile: true,
};

/**
 * Writes a bundle as the launcher loads it: wrapped in CommonJS's function header, so the launcher
 * compiles the file as it is read. Returns how the launcher should read it — its content hash,
 * which keys its code cache, and its encoding: latin1 (no decoding) when the bundle is all ASCII,
 * as esbuild makes everything but regular expressions with non-ASCII letters (the mail parser's
 * "Envoyé de mon …").
 */
function writeBundle(result) {
  const [file] = result.outputFiles;
  const code = file.text;
  writeFileSync(file.path, Module.wrap(code));
  return {
    hash: createHash('sha256').update(code).digest('hex').slice(0, 16),
    // eslint-disable-next-line no-control-regex -- every ASCII character, controls included
    encoding: /^[\x00-\x7f]*$/.test(code) ? 'latin1' : 'utf8',
  };
}

async function main() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const entry = join(root, 'dist/cli/main.js');
  const bundles = {};
  const builds = { all: build({ ...common, entryPoints: [entry], outfile: join(out, 'all.cjs') }) };
  const bundle = (name, plugins, modules) =>
    build({ ...common, entryPoints: [entry], outfile: join(out, `${name}.cjs`), plugins: [...common.plugins, ...plugins] })
      .then((result) => held(name, result, modules));
  for (const noun of await manifest()) {
    const name = noun.names[0];
    if (NEED_ALL.has(name)) continue;
    for (const n of noun.names) bundles[n] = name;
    builds[name] = bundle(name, [onlyNoun(noun)], [noun.module, ...noun.verbs.map((v) => v.module)]);
    // A noun with a verb table also gets a bundle per verb: `ticket create` loads only create.
    for (const verb of noun.verbs) {
      const file = `${name}.${verb.names[0]}`;
      for (const n of noun.names) for (const v of verb.names) bundles[`${n} ${v}`] = file;
      builds[file] = bundle(file, [onlyNoun(noun), onlyVerb(noun, verb)], [noun.module, verb.module]);
    }
  }
  // Plain CommonJS (not wrapped for the launcher): Node's loader reads it through import().
  // The PostgreSQL store with node-postgres inside it, wrapped and code-cached like the others.
  builds['pg-store'] = build({
    ...common, entryPoints: [join(root, 'dist/store/pg/store.js')], outfile: join(out, 'pg-store.cjs'),
    external: common.external.filter((p) => p !== 'pg' && p !== 'pg-cursor').concat(['pg-native', 'pg-cloudflare']),
    plugins: [sharedWithCli, pgWithoutProbes, pgCryptoDirect, pgLazyDns, ...common.plugins.filter((p) => p !== importThroughLauncher),
      importThrough(IMPORTED.filter((p) => p !== 'pg' && p !== 'pg-cursor'))],
  });
  const written = {};
  for (const [name, done] of Object.entries(builds)) written[name] = writeBundle(await done);
  await build({
    ...common, entryPoints: [join(root, 'src/build/launcher.js')], outfile: join(out, 'index.cjs'),
    define: { HELPDESK_BUNDLES: JSON.stringify(bundles), HELPDESK_WRITTEN: JSON.stringify(written) }, banner: {}, write: true,
  });
}

await main();
