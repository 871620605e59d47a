/**
 * Which noun and verb a command line names. Its own module because the bundled entry
 * (dist/bundle/index.cjs, see src/build/build.mjs) picks the bundle with it before loading anything else.
 */
const VALUE_OPTIONS = new Set(['--db', '--as']);

/** Where the first word that is not a global option or its value is; -1 when there is none. */
function wordAt(argv: readonly string[], from = 0): number {
  for (let i = from; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (VALUE_OPTIONS.has(arg)) { i++; continue; }
    if (arg.startsWith('-')) continue;
    return i;
  }
  return -1;
}

/** The first word on the command line that is not a global option or its value. */
export function nounOf(argv: readonly string[]): string | undefined {
  const at = wordAt(argv);
  return at < 0 ? undefined : argv[at];
}

/** The word after the noun (`create` in `helpdesk --as john ticket create …`). */
export function verbOf(argv: readonly string[]): string | undefined {
  const noun = wordAt(argv);
  const at = noun < 0 ? -1 : wordAt(argv, noun + 1);
  return at < 0 ? undefined : argv[at];
}
