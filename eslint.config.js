// ESLint (flat config): typescript-eslint's strict rules, React hooks, and the layers of
// ../shared/design.md as import boundaries. `npm run lint` runs it; .ci/run runs `npm run lint`.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import { builtinRules } from 'eslint/use-at-your-own-risk'

// The layers, each a set of folders and what it must not import. A pattern names a path as written in
// an import (relative paths are matched by their tail, so `../../runtime/web/src/x` matches
// `**/runtime/web/**`). One table, read by the overrides below.
// bare names as exact paths (a pattern `util` would also match `../util/problem`), `node:` ones as a pattern
const NODE_BARE = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'zlib', 'events', 'worker_threads']
const NODE_BUILTINS = ['node:*']
const LAYERS = [
  {
    name: 'engine',
    files: ['engine/**/*.ts'],
    forbid: [
      { group: ['**/runtime/**', '**/designer/**'], message: 'the engine imports nothing of the runtime or the designer (design.md: two floors)' },
      { group: NODE_BUILTINS, message: 'the engine is pure: no Node built-ins, clock or I/O (it runs in the browser too)' },
    ],
    node: 'the engine is pure: no Node built-ins, clock or I/O (it runs in the browser too)',
  },
  {
    name: 'store',
    files: ['runtime/store/**/*.ts'],
    forbid: [
      {
        group: ['**/auth/**', '**/cases/**', '**/channels/**', '**/duty/**', '**/reports/**', '**/scheduler/**', '**/server/**', '**/schemes/**', '**/forks/**', '**/cli/**', '**/drafts/**', '**/web/**'],
        message: 'the store imports no feature: features depend on the store, not the other way',
      },
    ],
  },
  {
    name: 'services',
    files: ['runtime/{auth,cases,channels,duty,reports,scheduler,schemes,forks,drafts}/**/*.ts', 'runtime/{errors,clock,log,paths,env}.ts'],
    forbid: [
      { group: ['**/server/**', '!**/server/contract/types'], message: 'services never see HTTP: they import nothing of runtime/server (errors live in runtime/errors.ts)' },
      { group: ['**/web/**', '**/designer/**'], message: 'services import no client code' },
    ],
  },
  {
    name: 'clients',
    files: ['runtime/web/**/*.{ts,tsx}', 'designer/src/**/*.{ts,tsx}'],
    ignores: ['runtime/web/size-report.ts'],
    forbid: [
      {
        group: [...['auth', 'cases', 'channels', 'duty', 'reports', 'scheduler', 'schemes', 'forks', 'drafts', 'store', 'cli'].map((f) => `**/runtime/${f}/**`), '**/runtime/server/*', '!**/runtime/server/contract'],
        message: 'clients reach the server through the contract (runtime/server/contract) only, never its services',
      },
      { group: NODE_BUILTINS, message: 'browser code: no Node built-ins' },
    ],
    node: 'browser code: no Node built-ins',
  },
  {
    name: 'designer',
    files: ['designer/src/**/*.{ts,tsx}'],
    forbid: [{ group: ['**/runtime/web/src/**', '**/runtime/web/public/**'], message: "the designer imports no other app's files: shared web code lives in runtime/web/kit" }],
  },
  {
    name: 'staff app',
    files: ['runtime/web/src/**/*.{ts,tsx}'],
    forbid: [{ group: ['**/designer/**', '**/runtime/web/public/**'], message: "the staff app imports no other app's files: shared web code lives in runtime/web/kit" }],
  },
  {
    name: 'public page',
    files: ['runtime/web/public/**/*.{ts,tsx}'],
    forbid: [{ group: ['**/designer/**', '**/runtime/web/src/**'], message: "the public page imports no other app's files: shared web code lives in runtime/web/kit" }],
  },
]

/** no-restricted-imports takes one option object per rule instance: the layers a file falls in are merged. */
function boundaryConfigs() {
  return LAYERS.map((l) => ({
    name: `daiban/layer/${l.name}`,
    files: l.files,
    ...(l.ignores ? { ignores: l.ignores } : {}),
    rules: {
      [`daiban-layer-${l.name}/no-restricted-imports`]: ['error', { patterns: l.forbid, paths: l.node ? NODE_BARE.map((name) => ({ name, message: l.node })) : [] }],
    },
  }))
}

// one copy of the core rule per layer, so the overlapping layers (clients + designer) add up instead of
// the later overriding the earlier
const restrictedImports = builtinRules.get('no-restricted-imports')
const layerPlugins = Object.fromEntries(LAYERS.map((l) => [`daiban-layer-${l.name}`, { rules: { 'no-restricted-imports': restrictedImports } }]))

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'test-output/**', 'data/**', '**/*.generated.ts', 'docs/**', 'designer/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['runtime/web/**/*.tsx', 'designer/src/**/*.tsx', 'runtime/web/**/*.ts', 'designer/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: layerPlugins,
    rules: {
      'no-undef': 'off', // TypeScript checks names
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // definitions are JSON records edited by key: deleting a member by its name is the operation itself
      '@typescript-eslint/no-dynamic-delete': 'off',
      // full-width spaces lay out Chinese prints and labels
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true }],
      '@typescript-eslint/no-non-null-assertion': 'off', // strict index access (noUncheckedIndexedAccess) makes `!` the honest form after a check
    },
  },
  {
    // tests and benches read loosely typed JSON responses and poke at internals on purpose
    files: ['tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...boundaryConfigs(),
)

export { LAYERS }
