// node --import ./test/helpers/trace-imports.mjs: registers import-hooks.mjs.
import { register } from 'node:module';

register('./import-hooks.mjs', import.meta.url);
