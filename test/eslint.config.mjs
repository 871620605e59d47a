// ESLint for src/ and test/ (`npm run lint`, run by .ci/run). Kept here because the top level of the
// repository holds only what it must; the rules are the recommended ones, with what this code base
// deliberately does listed below with its reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  {
    // A disable comment that no longer disables anything is an error: it would hide the next real one.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // `_name` marks a parameter that an interface requires and this implementation ignores.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `any` is where it is meant: registries of use cases of every input and output type
      // (UseCase<any, any>), and tests reading the JSON the CLI printed, which the assertions check.
      '@typescript-eslint/no-explicit-any': 'off',
      // `let x = fallback; try { x = … } catch { … }` states the fallback where the reader looks first.
      'no-useless-assignment': 'off',
    },
  },
  {
    // The launcher, the native addon loader, the bin shim and the benchmark are plain Node scripts
    // (CommonJS where it says so); HELPDESK_* are defined by the build (src/build/build.mjs).
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      globals: Object.fromEntries([
        'process', 'console', 'require', 'module', 'exports', '__filename', '__dirname', 'Buffer', 'performance',
        'setTimeout', 'clearTimeout', 'setImmediate', 'URL', 'SharedArrayBuffer', 'Atomics', 'HELPDESK_BUNDLES', 'HELPDESK_WRITTEN',
      ].map((name) => [name, 'readonly'])),
    },
  },
);
