/** The precompiled kind validators are the kind schemas: regenerate with `npm run gen:validators` when a schema changes. */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { generateValidators } from '../../engine/scheme/schemas/generate'

it('engine/scheme/schemas/validators.generated.js is up to date with the kind schemas', () => {
  expect(readFileSync('engine/scheme/schemas/validators.generated.js', 'utf8') === generateValidators(), 'run npm run gen:validators').toBe(true)
})

it('engine/scheme/kinds/{catalog,schemas}.generated.ts (the designer’s catalog of kinds, its editor’s schemas) are up to date with the registry', async () => {
  const { generateCatalog, generateEditorSchemas } = await import('../../engine/scheme/kinds/catalog')
  expect(readFileSync('engine/scheme/kinds/catalog.generated.ts', 'utf8') === generateCatalog(), 'run npm run gen:validators').toBe(true)
  expect(readFileSync('engine/scheme/kinds/schemas.generated.ts', 'utf8') === generateEditorSchemas(), 'run npm run gen:validators').toBe(true)
})

it('the README’s table of kinds is the registry’s', async () => {
  const { withKindsTable } = await import('../../engine/scheme/kinds/docs')
  const readme = readFileSync('README.md', 'utf8')
  expect(withKindsTable(readme), 'run npm run gen:validators').toBe(readme)
})
