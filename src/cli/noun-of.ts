/**
 * Which noun a command line names. Its own module because the bundled entry (dist/bundle/index.cjs,
 * see src/build/build.mjs) picks the noun's bundle with it before loading anything else.
 */
const VALUE_OPTIONS = new Set(['--db', '--as']);

/** The first word on the command line that is not a global option or its value. */
export function nounOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (VALUE_OPTIONS.has(arg)) { i++; continue; }
    if (arg.startsWith('-')) continue;
    return arg;
  }
  return undefined;
}
