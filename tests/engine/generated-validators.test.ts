/** The precompiled kind validators are the kind schemas: regenerate with `npm run gen:validators` when a schema changes. */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { generateValidators } from '../../engine/scheme/schemas/generate'

it('engine/scheme/schemas/validators.generated.js is up to date with the kind schemas', () => {
  expect(readFileSync('engine/scheme/schemas/validators.generated.js', 'utf8') === generateValidators(), 'run npm run gen:validators').toBe(true)
})
