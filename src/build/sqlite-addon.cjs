// Stands in for the `bindings` package inside the bundled CLI (src/build/build.mjs): better-sqlite3
// asks it for its native addon, which `bindings` would look for in a dozen places. It is where
// better-sqlite3's build put it — beside the bundle in this package's node_modules, or wherever
// Node resolves better-sqlite3 from here; anything unusual falls back to the real search.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

module.exports = function bindings(name) {
  const local = join(__dirname, '../../node_modules/better-sqlite3/build/Release', name);
  if (existsSync(local)) return require(local);
  const here = require('node:module').createRequire(__filename);
  for (const dir of ['Release', 'Debug']) {
    let file;
    try {
      file = here.resolve(`better-sqlite3/build/${dir}/${name}`);
    } catch {
      continue;
    }
    return here(file);
  }
  return require('node:module').createRequire(here.resolve('better-sqlite3'))('bindings')(name);
};
