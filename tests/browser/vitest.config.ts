/** Browser tests (`npm run test:browser`): Debian's chromium through playwright-core, a real server per file. */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // every JSON response is checked against the schema its route declares; logs stay quiet
    env: { DAIBAN_CHECK_RESPONSES: '1', DAIBAN_LOG_LEVEL: 'silent' },
    fileParallelism: false,
  },
})
