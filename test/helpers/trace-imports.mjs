// node --import ./test/helpers/trace-imports.mjs: registers import-hooks.mjs, and records the bundles
// the launcher reads itself (dist/bundle/*.cjs, compiled through vm.Script, which no import hook
// sees: the PostgreSQL store with its driver is one) in the same file.
import fs, { appendFileSync } from 'node:fs';
import { register } from 'node:module';

register('./import-hooks.mjs', import.meta.url);

const readFileSync = fs.readFileSync;
fs.readFileSync = function tracedReadFileSync(path, ...rest) {
  if (process.env.HELPDESK_TRACE_IMPORTS && typeof path === 'string' && path.endsWith('.cjs')) {
    appendFileSync(process.env.HELPDESK_TRACE_IMPORTS, `file://${path}\n`);
  }
  return readFileSync.call(this, path, ...rest);
};
