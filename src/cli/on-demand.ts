/**
 * require() for what an ES module loads synchronously and only sometimes: node:tty (is this a
 * terminal?), node:os (no HOME), cli-table3 (tables on a terminal).
 *
 * In the bundles (src/build/build.mjs) this module is replaced by one that hands out the bundle's
 * own require, so that node:module — which Node does not start with, ~0.4 ms to load — is not
 * loaded by every command just to make a require function it rarely uses.
 */
import { createRequire } from 'node:module';

export const requireOnDemand: NodeJS.Require = createRequire(import.meta.url);
