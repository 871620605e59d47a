import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e tests spawn many processes; two cores are plenty busy with two files at a time.
    maxWorkers: 2,
    // Issue 17: with HELPDESK_TEST_PG=1, one PostgreSQL cluster for the whole run (else nothing starts).
    globalSetup: ['test/helpers/pg-global-setup.ts'],
  },
});
