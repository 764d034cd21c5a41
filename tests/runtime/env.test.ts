/**
 * One declaration of the environment variables (runtime/env.ts, issue #19): values refused with a
 * message naming the variable (tests/cases/env/values.json), the README's table generated from
 * the declaration, and every variable the code, the tests and CI read declared there.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { ENV, checkEnv, envValue, envTableMarkdown, type EnvName } from '../../runtime/env'
import { withEnvTable } from '../../tools/env-docs'

const REPO = path.resolve(import.meta.dirname, '../..')
const cases = JSON.parse(readFileSync(path.join(REPO, 'tests/cases/env/values.json'), 'utf8')) as {
  refused: Array<{ name: EnvName; value: string; says: string }>
  accepted: Array<{ name: EnvName; value: string; is: unknown }>
}

describe('values', () => {
  it.each(cases.refused)('$name=$value is refused, naming the variable', ({ name, value, says }) => {
    const scope = ENV[name].scope[0]!
    const problems = checkEnv(scope, { [name]: value })
    expect(problems).toHaveLength(1)
    expect(problems[0]!.name).toBe(name)
    expect(problems[0]!.zh).toContain(`${name}=${JSON.stringify(value)}`)
    expect(problems[0]!.zh).toContain(says)
    expect(problems[0]!.en).toContain(name)
    expect(() => envValue(name, { [name]: value })).toThrow(name)
  })

  it.each(cases.accepted)('$name=$value → $is', ({ name, value, is }) => {
    expect(checkEnv(ENV[name].scope[0]!, { [name]: value })).toEqual([])
    expect(envValue(name, { [name]: value })).toEqual(is)
  })

  it('a scope checks only the variables it reads', () => {
    expect(checkEnv('cli', { PORT: 'abc' })).toEqual([])
    expect(checkEnv('server', { DAIBAN_PASSWORD: '', PORT: 'abc' }).map((p) => p.name)).toEqual(['PORT'])
  })

  it('every default shown in the README is the value used when unset', () => {
    for (const [name, d] of Object.entries(ENV) as Array<[EnvName, (typeof ENV)[EnvName]]>) {
      if (!d.shown || d.shown.startsWith('(')) continue
      expect(String(envValue(name, {})), name).toBe(typeof d.fallback === 'boolean' ? (d.fallback ? 'true' : 'false') : d.shown)
    }
  })
})

describe('README', () => {
  it('holds the table generated from the declaration (npm run docs:env)', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8')
    expect(withEnvTable(readme), 'README.md differs from runtime/env.ts: run npm run docs:env').toBe(readme)
    for (const name of Object.keys(ENV)) expect(envTableMarkdown()).toContain(`\`${name}\``)
  })
})

describe('every variable read is declared', () => {
  // identifiers that look like variables but are not read from the environment
  const NOT_ENV = new Set(['DAIBAN_DIR'])
  const SKIP = new Set(['node_modules', 'dist', '.git', 'test-output', 'data', 'fixtures', 'cases', 'definitions'])
  const files: string[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(e.name) || (e.name.startsWith('.') && e.name !== '.ci')) continue
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.(ts|tsx|js|mjs|sh)$|^run$|\.service$|\.env(\.example)?$/.test(e.name) && statSync(p).size < 1_000_000) files.push(p)
    }
  }
  walk(REPO)

  it('names read through process.env, and DAIBAN_* names anywhere in code, scripts and deploy files', () => {
    expect(files.length).toBeGreaterThan(100)
    const found = new Map<string, string>()
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
      for (const m of text.matchAll(/process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\])/g))
        found.set(m[1] ?? m[2]!, path.relative(REPO, f))
      for (const m of text.matchAll(/\b(DAIBAN_[A-Z0-9_]*[A-Z0-9])\b/g)) if (!NOT_ENV.has(m[1]!)) found.set(m[1]!, path.relative(REPO, f))
    }
    expect(found.has('PORT') && found.has('DAIBAN_DB_POOL')).toBe(true)
    const undeclared = [...found].filter(([name]) => !(name in ENV)).map(([name, f]) => `${name} (${f})`)
    expect(undeclared, 'declare these in runtime/env.ts').toEqual([])
  })
})
