#!/usr/bin/env node
// The CLI bundled at build time (src/build/build.mjs): one CommonJS file for the noun on the command
// line instead of ~150 ES modules — a faster cold start. bin/package.json makes this file CommonJS.
require('../dist/bundle/index.cjs').main();
