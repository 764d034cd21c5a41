/**
 * The PostgreSQL suites: `npm run test:pg`. Not part of `npm test` (a fresh machine has only Node).
 * They need DAIBAN_TEST_DATABASE_URL, a server where the user may create databases:
 *
 *   eval "$(bash .ci/pg-setup.sh)" && npm run test:pg
 *
 * Every test file creates its own database (tests/pg/db.ts), so files run in parallel.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/pg/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // every JSON response is checked against the schema its route declares; logs stay quiet
    env: { DAIBAN_CHECK_RESPONSES: '1', DAIBAN_LOG_LEVEL: 'silent' },
    maxWorkers: 2,
  },
})
