// ESLint (flat config): typescript-eslint's strict rules, React hooks, and the layers of
// ../shared/design.md as import boundaries. `npm run lint` runs it; .ci/run runs `npm run lint`.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.dirname(fileURLToPath(import.meta.url))

// The layers of design.md, one table: each layer is a set of folders (relative to the package) and
// what its files must not import, by the imported file's folder — every relative import is resolved
// against the importing file, so `../../src/forms/x` from the public page is seen as
// runtime/web/src/forms/x. `except` re-allows a folder inside a forbidden one.
const NODE_BUILTIN = /^(node:|(fs|fs\/promises|path|os|crypto|child_process|http|https|net|url|util|stream|zlib|events|worker_threads)$)/
const SERVICES = ['auth', 'cases', 'channels', 'duty', 'reports', 'scheduler', 'schemes', 'forks', 'drafts', 'cli'].map((f) => `runtime/${f}/`)
const LAYERS = [
  {
    name: 'engine',
    files: ['engine/'],
    forbid: [{ dirs: ['runtime/', 'designer/'], message: 'the engine imports nothing of the runtime or the designer (design.md: two floors)' }],
    node: 'the engine is pure: no Node built-ins, clock or I/O (it runs in the browser too)',
  },
  {
    name: 'store',
    files: ['runtime/store/'],
    forbid: [
      { dirs: [...SERVICES, 'runtime/server/', 'runtime/web/'], message: 'the store imports no feature: features depend on the store, not the other way' },
    ],
  },
  {
    name: 'services',
    files: SERVICES.filter((d) => d !== 'runtime/cli/'),
    forbid: [
      { dirs: ['runtime/server/'], message: 'services never see HTTP: they import nothing of runtime/server' },
      { dirs: ['runtime/web/', 'designer/'], message: 'services import no client code' },
    ],
  },
  {
    name: 'clients',
    files: ['runtime/web/', 'designer/src/'],
    except: ['runtime/web/size-report.ts'],
    forbid: [
      {
        dirs: [...SERVICES, 'runtime/store/', 'runtime/server/'],
        except: ['runtime/server/contract/'],
        message: 'clients reach the server through the contract (runtime/server/contract) only, never its services',
      },
    ],
    node: 'browser code: no Node built-ins',
  },
  {
    name: 'designer',
    files: ['designer/src/'],
    forbid: [
      { dirs: ['runtime/web/src/', 'runtime/web/public/'], message: "the designer imports no other app's files: shared web code lives in runtime/web/kit" },
    ],
  },
  {
    name: 'staff app',
    files: ['runtime/web/src/'],
    forbid: [{ dirs: ['designer/', 'runtime/web/public/'], message: "the staff app imports no other app's files: shared web code lives in runtime/web/kit" }],
  },
  {
    name: 'public page',
    files: ['runtime/web/public/'],
    forbid: [{ dirs: ['designer/', 'runtime/web/src/'], message: "the public page imports no other app's files: shared web code lives in runtime/web/kit" }],
  },
]

const under = (rel, dirs) => dirs.some((d) => rel === d || rel.startsWith(d))

/** daiban/layers: an import crossing a layer's boundary is an error naming the boundary. */
const layersRule = {
  meta: { type: 'problem', schema: [], messages: { crossed: '{{what}} — {{message}} (layer "{{layer}}", design.md)' } },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/')
    const mine = LAYERS.filter((l) => under(file, l.files) && !under(file, l.except ?? []))
    if (!mine.length) return {}
    const check = (node, spec) => {
      if (typeof spec !== 'string') return
      for (const l of mine) {
        if (l.node && NODE_BUILTIN.test(spec)) {
          context.report({ node, messageId: 'crossed', data: { what: spec, message: l.node, layer: l.name } })
          continue
        }
        if (!spec.startsWith('.')) continue
        const target = path
          .relative(ROOT, path.resolve(path.dirname(context.filename), spec))
          .split(path.sep)
          .join('/')
        for (const f of l.forbid) {
          if (under(target + '/', f.dirs) && !under(target + '/', f.except ?? []))
            context.report({ node, messageId: 'crossed', data: { what: spec, message: f.message, layer: l.name } })
        }
      }
    }
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    }
  },
}

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
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { daiban: { rules: { layers: layersRule } } },
    rules: {
      'no-undef': 'off', // TypeScript checks names
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // definitions are JSON records edited by key: deleting a member by its name is the operation itself
      '@typescript-eslint/no-dynamic-delete': 'off',
      // full-width spaces lay out Chinese prints and labels
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true, skipComments: true }],
      '@typescript-eslint/no-non-null-assertion': 'off', // strict index access (noUncheckedIndexedAccess) makes `!` the honest form after a check
      'daiban/layers': 'error',
    },
  },
  {
    // tests and benches read loosely typed JSON responses and poke at internals on purpose
    files: ['tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)

export { LAYERS }
