import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/browser/**', 'tests/browser-designer/**', 'tests/pg/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // every JSON response is checked against the schema its route declares
    env: { DAIBAN_CHECK_RESPONSES: '1', DAIBAN_LOG_LEVEL: 'silent' },
  },
})
