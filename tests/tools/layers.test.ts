/**
 * The layers of design.md are kept by the `daiban/layers` lint rule (eslint.config.js): each row of
 * tests/cases/layers.json is an import written in a file of the repository, and whether the rule
 * refuses it. Relative imports are resolved against the file, so the same folder reached by
 * another path is caught too.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const cases = JSON.parse(readFileSync('tests/cases/layers.json', 'utf8')) as Array<{ file: string; import: string; refused: boolean; why: string }>
const eslint = new ESLint({ cwd: process.cwd() })

describe('daiban/layers', () => {
  it.each(cases)(
    '$file imports $import → refused: $refused ($why)',
    async (c) => {
      const [r] = await eslint.lintText(`import x from '${c.import}'\nexport default x\n`, { filePath: path.resolve(c.file) })
      const crossed = r!.messages.filter((m) => m.ruleId === 'daiban/layers')
      expect(crossed.length > 0, crossed.map((m) => m.message).join('\n')).toBe(c.refused)
      if (c.refused) expect(crossed[0]!.message).toContain(c.import)
    },
    60_000,
  )
})
