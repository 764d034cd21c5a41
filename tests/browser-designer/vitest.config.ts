/**
 * The designer's browser tests (playwright-core on Debian's chromium, a real server in a child
 * process). `npm run test:browser:designer` builds the designer first. The root `npm test` also
 * matches this folder's files; they skip themselves there (no DAIBAN_E2E_DESIGNER).
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/browser-designer/**/*.test.ts'],
    // the staff app (its sign-in) is served too: built when missing or stale
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    env: { DAIBAN_E2E_DESIGNER: '1', DAIBAN_CHECK_RESPONSES: '1', DAIBAN_LOG_LEVEL: 'silent' },
  },
})
