import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/browser/**', 'tests/browser-designer/**', 'tests/pg/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine, although
    // most files wait on servers, child processes and fsync. Two at least keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // every JSON response is checked against the schema its route declares
    env: { DAIBAN_CHECK_RESPONSES: '1', DAIBAN_LOG_LEVEL: 'silent' },
  },
})
