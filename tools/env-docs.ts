/**
 * Writes the README's table of environment variables from their declaration (runtime/env.ts),
 * between `<!-- env:begin -->` and `<!-- env:end -->`: `npm run docs:env`. `--check` changes
 * nothing and exits 1 when the README differs (tests/runtime/env.test.ts checks the same).
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { envTableMarkdown } from '../runtime/env'

export const BEGIN = '<!-- env:begin (generated from runtime/env.ts by npm run docs:env) -->'
export const END = '<!-- env:end -->'

/** The README with its table replaced by the one generated now. */
export function withEnvTable(readme: string): string {
  const a = readme.indexOf(BEGIN)
  const b = readme.indexOf(END)
  if (a < 0 || b < a) throw new Error(`README.md has no ${BEGIN} … ${END} section`)
  return `${readme.slice(0, a + BEGIN.length)}\n${envTableMarkdown()}\n${readme.slice(b)}`
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md')
  const text = await readFile(file, 'utf8')
  const next = withEnvTable(text)
  if (process.argv.includes('--check')) {
    if (next !== text) {
      console.error('README.md: the table of environment variables differs from runtime/env.ts: run npm run docs:env')
      process.exitCode = 1
    }
  } else if (next !== text) {
    await writeFile(file, next)
    console.log('README.md: table of environment variables written')
  } else console.log('README.md: table of environment variables up to date')
}
