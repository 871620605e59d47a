#!/usr/bin/env node
// The CLI bundled at build time (one file set to parse instead of ~150 modules: a faster cold start).
import { main } from '../dist/bundle/main.js';
await main();
