import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tests that run the code in this process (no build needed): `npm run test:unit`. */
const UNIT = ['core', 'desk', 'store', 'mail', 'server', 'cli', 'build'].map((dir) => `test/${dir}/**/*.test.ts`);

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e tests spawn many processes; two cores are plenty busy with two files at a time.
    maxWorkers: 2,
    // With HELPDESK_TEST_PG=1, one PostgreSQL cluster for the whole run (else nothing starts).
    globalSetup: ['test/helpers/pg-global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      // The built binary, spawned: exit codes as a shell sees them, pipes, signals, terminals, kills.
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: UNIT } },
    ],
  },
});
